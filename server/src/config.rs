//! Configuration from flags and environment variables (see `ideashelf --help`).

use std::path::{Path, PathBuf};

use base64::Engine;
use clap::Args;
use rand::RngCore;

#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "IDEASHELF_BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,

    /// Directory for the SQLite file, the generated JWT secret and the search index.
    #[arg(long, env = "IDEASHELF_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// postgres://user@host/db for PostgreSQL; default: SQLite file `ideashelf.db` in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Secret for signing session tokens (at least 32 bytes). Every instance behind one
    /// load balancer needs the same one. Default: generated once into the data directory.
    #[arg(long, env = "IDEASHELF_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,

    /// Database connections per instance.
    #[arg(long, env = "IDEASHELF_DB_POOL", default_value_t = 16, global = true)]
    pub db_pool: u32,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "IDEASHELF_WORKERS", global = true)]
    pub workers: Option<usize>,

    /// The public base URL, used in links (exports, notifications).
    #[arg(long, env = "IDEASHELF_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Open reports that hide an idea or comment until a moderator decides.
    #[arg(long, env = "IDEASHELF_REPORT_THRESHOLD", default_value_t = 3, global = true)]
    pub report_threshold: i32,

    /// Seconds between background job runs (deadline expiry); 0 turns the timer off.
    #[arg(long, env = "IDEASHELF_JOBS_INTERVAL", default_value_t = 60, global = true)]
    pub jobs_interval: u64,

    /// Where pictures are stored: `s3://bucket?endpoint=http://host:9000&region=…` for S3-compatible object
    /// storage (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); default: `<data-dir>/media`.
    #[arg(long, env = "IDEASHELF_OBJECT_STORE_URL", global = true)]
    pub object_store_url: Option<String>,

    /// Meilisearch's URL; without it, search uses the embedded index under the data directory.
    #[arg(long, env = "MEILI_URL", global = true)]
    pub meili_url: Option<String>,

    /// Meilisearch API key (a key allowed to manage indexes, documents and settings).
    #[arg(long, env = "MEILI_API_KEY", hide_env_values = true, global = true)]
    pub meili_api_key: Option<String>,

    /// Prefix of the Meilisearch index names (several deployments can share one Meilisearch).
    #[arg(long, env = "MEILI_INDEX_PREFIX", default_value = "ideashelf", global = true)]
    pub meili_index_prefix: String,

    /// Apply search changes in this instance (turn off only for tools and tests).
    #[arg(long, env = "IDEASHELF_SEARCH_WORKER", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub search_worker: bool,

    /// Review spikes: at least this many 1–2 star ratings inside the window…
    #[arg(long, env = "IDEASHELF_SPIKE_MIN_LOW", default_value_t = 20, global = true)]
    pub spike_min_low: i32,

    /// …of this many hours…
    #[arg(long, env = "IDEASHELF_SPIKE_WINDOW_HOURS", default_value_t = 48, global = true)]
    pub spike_window_hours: i64,

    /// …and more than this many times the product's usual rate (over the 28 days before).
    #[arg(long, env = "IDEASHELF_SPIKE_FACTOR", default_value_t = 3.0, global = true)]
    pub spike_factor: f64,

    /// Sign-in and registration attempts allowed per client IP and minute (0: no limit).
    #[arg(long, env = "IDEASHELF_AUTH_RATE_PER_MINUTE", default_value_t = 10, global = true)]
    pub auth_rate_per_minute: u32,

    /// The app runs behind a proxy that appends the client's address to X-Forwarded-For.
    #[arg(long, env = "IDEASHELF_TRUST_PROXY", default_value_t = false, global = true)]
    pub trust_proxy: bool,

    /// Limits on writing — ideas, comments, supports, reports, tips, reviews, uploads — per member and per
    /// client address, counted in the database so every instance enforces the same limit: `on` or `off`
    /// (tests and benchmarks). Registrations per address follow `--auth-rate-per-minute` (0 turns them off).
    #[arg(long, env = "IDEASHELF_WRITE_LIMITS", default_value = "on", value_parser = on_off, global = true)]
    pub write_limits: bool,

    /// Replaces a write limit's defaults: `ACTION=N/UNIT[,N/UNIT]` (units s, m, h, d), e.g. `comment=30/h,5/m`;
    /// `ACTION=off` lifts one. Actions: idea, comment, support, report, tip, review, upload, register.
    /// Repeat the flag, or separate with `;` in the variable.
    #[arg(long = "write-limit", env = "IDEASHELF_WRITE_LIMIT", value_delimiter = ';', global = true)]
    pub write_limit: Vec<String>,

    /// A client address may make this many times a member's writes (members share offices' and households'
    /// addresses).
    #[arg(long, env = "IDEASHELF_WRITE_LIMIT_ADDRESS_FACTOR", default_value_t = 4, global = true)]
    pub write_limit_address_factor: u32,

    /// The registration page refuses a form sent back sooner than this many seconds after it was shown (bots
    /// fill forms at once); 0 turns the check off. The API is unaffected.
    #[arg(long, env = "IDEASHELF_REGISTER_MIN_SECONDS", default_value_t = 2, global = true)]
    pub register_min_seconds: u64,

    /// Trust and safety: an idea about to cross a tier or reach review with more than this share of its
    /// supports flagged by an open vote-ring case is held for a moderator (docs/TRUST.md).
    #[arg(long, env = "IDEASHELF_TRUST_HOLD_SHARE", default_value_t = 0.3, global = true)]
    pub trust_hold_share: f64,

    /// Seconds a client has to send a request body once its headers arrived (a client trickling a body
    /// byte by byte is cut off then; headers have their own 5 s limit).
    #[arg(long, env = "IDEASHELF_BODY_TIMEOUT", default_value_t = 30, global = true)]
    pub body_timeout_secs: u64,

    /// Mark session cookies `Secure` (serve behind HTTPS).
    #[arg(long, env = "IDEASHELF_SECURE_COOKIES", default_value_t = false, global = true)]
    pub secure_cookies: bool,

    /// SMTP server for mail: smtp://user:pass@host:port (`?starttls=required` to insist on STARTTLS) or
    /// smtps://… (implicit TLS). Without it, mail is written as .eml files under <data-dir>/mail/.
    #[arg(long, env = "IDEASHELF_SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,

    /// The sender of every mail ("Name <address>").
    #[arg(long, env = "IDEASHELF_MAIL_FROM", default_value = "ideashelf <no-reply@ideashelf.invalid>", global = true)]
    pub mail_from: String,

    /// Members must verify their address before they support, submit, comment, rate or share tips.
    #[arg(long, env = "IDEASHELF_REQUIRE_VERIFIED_EMAIL", default_value_t = true, action = clap::ArgAction::Set,
        global = true)]
    pub require_verified_email: bool,

    /// Hand mail over in this instance (turn off only for tools and tests).
    #[arg(long, env = "IDEASHELF_MAIL_WORKER", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub mail_worker: bool,

    /// The site's time zone (IANA), for visitors and members who chose none.
    #[arg(long, env = "IDEASHELF_TIME_ZONE", default_value = "Europe/Zurich", global = true)]
    pub time_zone: String,

    /// The version of the terms and privacy notice members accept. Changing it asks every signed-in member
    /// to accept again before their next write (docs/ACCOUNTS.md, "Privacy").
    #[arg(long, env = "IDEASHELF_TERMS_VERSION", default_value = DEFAULT_TERMS_VERSION, global = true)]
    pub terms_version: String,

    /// Where the terms are published (default: this site's `/terms`).
    #[arg(long, env = "IDEASHELF_TERMS_URL", default_value = "/terms", global = true)]
    pub terms_url: String,

    /// Where the privacy notice is published (default: this site's `/privacy`).
    #[arg(long, env = "IDEASHELF_PRIVACY_URL", default_value = "/privacy", global = true)]
    pub privacy_url: String,

    /// Deliver webhooks in this instance (turn off only for tools and tests).
    #[arg(long, env = "IDEASHELF_WEBHOOK_WORKER", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub webhook_worker: bool,

    /// Let webhooks go to loopback, private, link-local and metadata addresses (tests, closed networks only).
    #[arg(long, env = "IDEASHELF_WEBHOOK_ALLOW_PRIVATE", default_value_t = false, action = clap::ArgAction::Set,
        global = true)]
    pub webhook_allow_private: bool,
    /// Log format: text or json (one JSON object per line; docs/OPERATIONS.md, "Logs").
    #[arg(long, env = "IDEASHELF_LOG_FORMAT", default_value = "text", value_parser = log_format, global = true)]
    pub log_format: crate::metrics::rules::LogFormat,

    /// Access log: all (every request at INFO), errors (5xx at WARN, the rest at DEBUG), off.
    #[arg(long, env = "IDEASHELF_ACCESS_LOG", default_value = "errors", value_parser = access_log, global = true)]
    pub access_log: crate::metrics::rules::AccessLog,

    /// The bearer token that opens `GET /metrics` on the public port (unset: no `/metrics` there).
    #[arg(long, env = "IDEASHELF_METRICS_TOKEN", hide_env_values = true, global = true)]
    pub metrics_token: Option<String>,

    /// A separate address (e.g. 127.0.0.1:9090) that serves only `GET /metrics`, without a token unless one is set.
    #[arg(long, env = "IDEASHELF_METRICS_BIND", global = true)]
    pub metrics_bind: Option<String>,
    /// A JSON file naming the OpenID Connect providers members sign in with (docs/ACCOUNTS.md, "Single sign-on").
    #[arg(long, env = "IDEASHELF_OIDC_PROVIDERS", global = true)]
    pub oidc_providers: Option<PathBuf>,

    /// Password sign-in and registration; `false`: members sign in only through the providers (admins keep
    /// password sign-in as the break-glass way in).
    #[arg(long, env = "IDEASHELF_PASSWORD_SIGNIN", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub password_signin: bool,
}

/// The terms version when none is configured.
pub const DEFAULT_TERMS_VERSION: &str = "2026-12-01";

impl Config {
    /// A configuration for tests and tools: everything under `data_dir`.
    pub fn for_data_dir(data_dir: &Path, database_url: Option<String>) -> Config {
        Config {
            bind: "127.0.0.1:0".into(),
            data_dir: data_dir.to_path_buf(),
            database_url,
            jwt_secret: None,
            db_pool: 8,
            workers: Some(2),
            public_url: None,
            report_threshold: 3,
            jobs_interval: 0,
            secure_cookies: false,
            object_store_url: None,
            meili_url: None,
            meili_api_key: None,
            meili_index_prefix: "ideashelf".into(),
            search_worker: true,
            // Tests register many members from one address; the limit has a test of its own.
            auth_rate_per_minute: 0,
            trust_proxy: false,
            // Tests write a lot from one address; the limits have tests of their own that turn them on.
            write_limits: false,
            write_limit: Vec::new(),
            write_limit_address_factor: 4,
            // Browser journeys fill the registration form faster than people; the check has a test of its own.
            register_min_seconds: 0,
            trust_hold_share: 0.3,
            body_timeout_secs: 30,
            spike_min_low: 20,
            spike_window_hours: 48,
            spike_factor: 3.0,
            terms_version: DEFAULT_TERMS_VERSION.into(),
            terms_url: "/terms".into(),
            privacy_url: "/privacy".into(),
            smtp_url: None,
            mail_from: "ideashelf <no-reply@ideashelf.invalid>".into(),
            // Tests sign up many members; verification has tests of its own that turn it on.
            require_verified_email: false,
            mail_worker: true,
            time_zone: "Europe/Zurich".into(),
            webhook_worker: true,
            // Tests' webhook receivers listen on loopback; the SSRF guard has a test of its own that turns it off.
            webhook_allow_private: true,
            log_format: Default::default(),
            access_log: Default::default(),
            metrics_token: None,
            metrics_bind: None,
            oidc_providers: None,
            password_signin: true,
        }
    }

    /// The base of links in mail: `--public-url`, else the address the app listens on.
    pub fn link_base(&self) -> String {
        match self.public_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.bind),
        }
    }

    pub fn spike_rule(&self) -> crate::products::rules::SpikeRule {
        crate::products::rules::SpikeRule {
            min_low: self.spike_min_low.max(1),
            window_hours: self.spike_window_hours.max(1),
            factor: self.spike_factor.max(0.0),
            ..Default::default()
        }
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => self.data_dir.join("ideashelf.db").to_string_lossy().into_owned(),
        }
    }

    /// The JWT secret: from the environment, else read from (or generated once
    /// into) `<data_dir>/jwt_secret`, readable only by its owner.
    pub fn jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(secret) = &self.jwt_secret {
            anyhow::ensure!(secret.len() >= 32, "IDEASHELF_JWT_SECRET must have at least 32 bytes");
            return Ok(secret.as_bytes().to_vec());
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let path = self.data_dir.join("jwt_secret");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let existing = existing.trim();
            if existing.len() >= 32 {
                return Ok(existing.as_bytes().to_vec());
            }
        }
        let mut bytes = [0u8; 48];
        rand::rng().fill_bytes(&mut bytes);
        let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        write_private(&path, &secret)?;
        // Read back: if another instance created the file first, its secret stands.
        Ok(std::fs::read_to_string(&path)?.trim().as_bytes().to_vec())
    }
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut f) => f.write_all(content.as_bytes()),
        // Another instance won the race to create it: theirs stands.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// `on`/`off` (also `true`/`false`, `1`/`0`) for switches given as values.
fn on_off(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => Ok(true),
        "off" | "false" | "0" | "no" => Ok(false),
        other => Err(format!("{other:?}: expected on or off")),
    }
}

fn log_format(s: &str) -> Result<crate::metrics::rules::LogFormat, String> {
    crate::metrics::rules::LogFormat::parse(s).ok_or_else(|| format!("{s:?}: expected text or json"))
}

fn access_log(s: &str) -> Result<crate::metrics::rules::AccessLog, String> {
    crate::metrics::rules::AccessLog::parse(s).ok_or_else(|| format!("{s:?}: expected all, errors or off"))
}
