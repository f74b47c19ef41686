//! The `ideashelf` command: serve, migrate, seed, reindex, jobs, create-user.

use std::io::{IsTerminal, Read, Write};

use clap::{Parser, Subcommand};
use ideashelf::accounts::service::{create_account, RegisterInput};
use ideashelf::accounts::Role;
use ideashelf::config::Config;
use ideashelf::metrics::rules::LogFormat;
use ideashelf::{open_db, seed, Application};

#[derive(Parser)]
#[command(name = "ideashelf", version, about = "Crowdsourcing and idea-voting community platform")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (API under /api/v1, pages at /).
    Serve {
        /// Load the demo data from seed/ first (idempotent) and print the demo logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load demo data (idempotent).
    Seed {
        /// A seed file; default: the demo data built into the binary (seed/demo.json).
        #[arg(long)]
        file: Option<std::path::PathBuf>,
    },
    /// Background jobs (deadline expiry). They also run on a timer inside `serve`.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Rebuild search indexes from the database. With the embedded engine, stop the
    /// server first (it holds the index) or call POST /api/v1/search/reindex as an admin.
    Reindex {
        /// tip, idea or product; default all.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Apply pending search changes (the outbox) now and report what is left.
    SearchSync,
    /// The points ledger.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Trust and safety: vote-ring detection (docs/TRUST.md).
    Trust {
        #[command(subcommand)]
        command: TrustCommand,
    },
    /// Challenge raffles.
    Raffle {
        #[command(subcommand)]
        command: RaffleCommand,
    },
    /// Product tests (docs/PRODUCT_TESTS.md).
    ProductTest {
        #[command(subcommand)]
        command: RaffleCommand,
    },
    /// Create an account. The password is read from standard input.
    CreateUser {
        #[arg(long)]
        handle: String,
        #[arg(long)]
        email: String,
        /// member, moderator, product_team or admin.
        #[arg(long, default_value = "member")]
        role: String,
        #[arg(long)]
        display_name: Option<String>,
    },
}

#[derive(Subcommand)]
enum RaffleCommand {
    /// Recompute a drawn raffle or product test from what was published (the
    /// JSON of `GET /api/v1/challenges/{id}/raffle` or of
    /// `GET /api/v1/product-tests/{id}`, from a file or `-` for standard
    /// input): the seed against its commitment, the (weighted) list against
    /// its hash, and the winners or testers against the documented draw. Needs
    /// no database; exits with status 1 when anything does not match.
    Verify { file: String },
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Scan the whole community for vote rings now; each new suspected ring becomes a case in the
    /// moderation queue (a ring already open, voided or cleared is not opened again).
    Scan,
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Check that every cached sum (balances, the 30-day and challenge
    /// leaderboards) equals the sum of its entries; prints the differences and
    /// exits with status 1 when there are any.
    Verify,
    /// Set every cached sum that differs back to the sum of its entries (the
    /// ledger is the truth), printing each correction.
    Repair,
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Run every job once.
    Run {
        /// Run as if at this time (RFC 3339, e.g. 2027-01-31T00:00:00Z); default now.
        #[arg(long)]
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    },
}

fn main() -> anyhow::Result<()> {
    limit_malloc_arenas();
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

/// glibc's malloc gives threads that allocate at the same time arenas of their own (up to eight per core)
/// and hands little of them back: under the load benchmark's supports that was 60 MB of the app's 199 MB
/// peak, 139 MB with two arenas (docs/BENCHMARKS.md, "Memory"). Set before any other thread starts;
/// `MALLOC_ARENA_MAX` in the environment still decides when it is set.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: `mallopt` only sets a parameter of the allocator, and no other thread exists yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = cli.config;
    init_logs(config.log_format);
    match cli.command {
        Command::Serve { demo } => {
            let db = open_db(&config).await?;
            let demo_seed = if demo { Some(seed::parse(seed::DEMO)?) } else { None };
            if let Some(s) = &demo_seed {
                let media =
                    ideashelf::images::storage::Media::open(&config.data_dir, config.object_store_url.as_deref())?;
                let report = seed::load_with_pictures(&db, Some(&media), s, &config.terms_version).await?;
                tracing::info!(
                    users = report.users,
                    challenges = report.challenges,
                    ideas = report.ideas,
                    products = report.products,
                    tips = report.tips,
                    questions = report.questions,
                    "demo data loaded"
                );
            }
            let app = Application::build_with_db(config.clone(), db.clone())?;
            if config.jobs_interval > 0 {
                let period = std::time::Duration::from_secs(config.jobs_interval);
                ideashelf::jobs::spawn_timer(db, app.mail_links(), app.media(), period, app.metrics());
            }
            let host = config.bind.rsplit_once(':').map(|(h, _)| h).unwrap_or("127.0.0.1");
            if config.log_format == LogFormat::Json {
                // Every line is JSON: the banner is a log event (the demo logins are the seed's public ones).
                tracing::info!(
                    url = format!("http://{host}:{}/", app.port()),
                    docs = format!("http://{host}:{}/api/docs/", app.port()),
                    metrics = config.metrics_bind.as_deref().map(|b| format!("http://{b}/metrics")),
                    mail = app.mail_banner(),
                    "ideashelf is listening"
                );
                for u in demo_seed.iter().flat_map(|s| &s.users) {
                    tracing::info!(role = %u.role, handle = %u.handle, password = %u.password, "demo login");
                }
                app.run_until_stopped().await?;
                return Ok(());
            }
            let mut banner = format!("ideashelf is listening on http://{host}:{}/\n", app.port());
            banner += &format!("API documentation: http://{host}:{}/api/docs/\n", app.port());
            banner += &app.mail_banner();
            banner += "\n";
            if let Some(s) = &demo_seed {
                banner += "Demo logins (role, handle, password):\n";
                for u in &s.users {
                    banner += &format!("  {:<13} {:<12} {}\n", u.role, u.handle, u.password);
                }
            }
            // A closed stdout must not take the server down (println! would panic).
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
            drop(out);
            app.run_until_stopped().await?;
        }
        Command::Jobs { command: JobsCommand::Run { as_of } } => {
            let db = open_db(&config).await?;
            let as_of = as_of.map(ideashelf::clock::from_utc).unwrap_or_else(ideashelf::clock::now);
            let links = ideashelf::notifications::mail::MailLinks::from_config(&config)?;
            let media = ideashelf::images::storage::Media::open(&config.data_dir, config.object_store_url.as_deref())?;
            let report =
                ideashelf::jobs::run_all(&db, &links, &media, as_of).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "jobs ran as of {}: {} ideas expired, {} members' 30-day totals moved, {} place count changes folded, \
                 {} spent sessions deleted, {} expired mail tokens deleted, {} digests queued, {} orphan pictures deleted, \
                 {} client marks deleted, {} trust cases opened",
                as_of.and_utc().to_rfc3339(),
                report.expired,
                report.window_members,
                report.folded,
                report.sessions_deleted,
                report.tokens_deleted,
                report.digests,
                report.orphan_pictures,
                report.marks_deleted,
                report.trust_cases
            );
        }
        Command::Trust { command: TrustCommand::Scan } => {
            let db = open_db(&config).await?;
            let started = std::time::Instant::now();
            let params = ideashelf::trust::rules::Params::default();
            let r = ideashelf::trust::service::scan(&db, &params).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "trust scan: {} members, {} ideas, {} supports read in {} ms, detected in {} ms; {} suspected rings, \
                 {} new cases ({} accounts, {} supports) in {:.1} s",
                r.members,
                r.ideas,
                r.supports_read,
                r.load_ms,
                r.detect_ms,
                r.rings,
                r.opened,
                r.accounts,
                r.supports,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Reindex { kind } => {
            let kinds = match kind.as_deref() {
                None => ideashelf::search::DocKind::ALL.to_vec(),
                Some(k) => vec![ideashelf::search::DocKind::parse(k)
                    .ok_or_else(|| anyhow::anyhow!("kind is tip, idea or product"))?],
            };
            let db = open_db(&config).await?;
            let search = ideashelf::search::Search::open(&config)?;
            search.engine.setup().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let holder = format!("reindex-cli-{}", std::process::id());
            for kind in kinds {
                let started = std::time::Instant::now();
                let n = ideashelf::search::worker::rebuild(&db, &search, kind, &holder)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{}: {n} documents indexed in {:.1} s", kind.as_str(), started.elapsed().as_secs_f64());
            }
        }
        Command::SearchSync => {
            let db = open_db(&config).await?;
            let search = ideashelf::search::Search::open(&config)?;
            search.engine.setup().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let holder = format!("sync-cli-{}", std::process::id());
            let n =
                ideashelf::search::worker::drain(&db, &search, &holder).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{n} search changes applied");
        }
        Command::Raffle { command: RaffleCommand::Verify { file } }
        | Command::ProductTest { command: RaffleCommand::Verify { file } } => {
            let text =
                if file == "-" { std::io::read_to_string(std::io::stdin())? } else { std::fs::read_to_string(&file)? };
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{file} is not JSON: {e}"))?;
            // A product test (its `draw`, or the draw itself) or a challenge's raffle.
            let draw =
                value.get("draw").filter(|d| d.get("applicants").is_some()).or(value.get("applicants").map(|_| &value));
            let outcome = if let Some(draw) = draw {
                let published: ideashelf::product_tests::rules::Published = serde_json::from_value(draw.clone())
                    .map_err(|e| anyhow::anyhow!("{file} is not a product test's draw as the API publishes it: {e}"))?;
                ideashelf::product_tests::rules::verify(&published).map(|()| {
                    format!(
                        "product test verified: the seed matches its commitment, the list of {} weighted applicants matches its hash, and the draw gives {}",
                        published.applicants.as_ref().map_or(0, Vec::len),
                        published.testers.unwrap_or_default().join(", ")
                    )
                })
            } else {
                let published: ideashelf::raffles::rules::Published = serde_json::from_value(value)
                    .map_err(|e| anyhow::anyhow!("{file} is not a raffle as the API publishes it: {e}"))?;
                ideashelf::raffles::rules::verify(&published).map(|()| {
                    format!(
                        "raffle verified: the seed matches its commitment, the list of {} participants matches its hash, and the draw gives {}",
                        published.participants.as_ref().map_or(0, Vec::len),
                        published.winners.unwrap_or_default().join(", ")
                    )
                })
            };
            match outcome {
                Ok(line) => println!("{line}"),
                Err(problems) => {
                    for p in &problems {
                        println!("FAILED: {p}");
                    }
                    std::process::exit(1);
                }
            }
        }
        Command::Ledger { command } => {
            let db = open_db(&config).await?;
            let repair = matches!(command, LedgerCommand::Repair);
            let diffs = db
                .run(move |conn| {
                    ideashelf::points::service::settle(conn)?;
                    ideashelf::points::service::advance_window(conn, ideashelf::clock::now())?;
                    let diffs = ideashelf::points::store::differences(conn)?;
                    if repair {
                        ideashelf::points::store::repair(conn, &diffs)?;
                    }
                    Ok(diffs)
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            for d in &diffs {
                println!("{d}{}", if repair { " - repaired" } else { "" });
            }
            if diffs.is_empty() {
                println!("ledger verified: every cached balance, leaderboard total and place count equals what its entries give");
            } else if repair {
                println!("{} cached sum(s) set back to the ledger's", diffs.len());
            } else {
                println!("{} cached sum(s) differ from the ledger", diffs.len());
                std::process::exit(1);
            }
        }
        Command::Migrate => {
            open_db(&config).await?;
            println!("migrations applied");
        }
        Command::Seed { file } => {
            let text = match file {
                Some(path) => std::fs::read_to_string(path)?,
                None => seed::DEMO.to_string(),
            };
            let db = open_db(&config).await?;
            let report = seed::load(&db, &seed::parse(&text)?, &config.terms_version).await?;
            println!(
                "seeded: {} members, {} challenges, {} ideas, {} products, {} tips, {} questions",
                report.users, report.challenges, report.ideas, report.products, report.tips, report.questions
            );
        }
        Command::CreateUser { handle, email, role, display_name } => {
            let role = Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("role is member, moderator, product_team or admin"))?;
            let password = if std::io::stdin().is_terminal() {
                rpassword::prompt_password("Password: ")?
            } else {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s.trim_end_matches(['\n', '\r']).to_string()
            };
            let db = open_db(&config).await?;
            let input = RegisterInput { handle, email, password, display_name, ..Default::default() };
            match create_account(&db, input, role, &config.terms_version).await {
                Ok(user) => println!("created {} ({})", user.handle, user.role.as_str()),
                Err(e) => {
                    let detail = match &e {
                        ideashelf::error::AppError::Validation(errors) => {
                            errors.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
                        }
                        other => other.public_detail(),
                    };
                    anyhow::bail!("could not create the account: {detail}");
                }
            }
        }
    }
    Ok(())
}

/// Logs to standard output, as text or one JSON object per line (`--log-format`); `RUST_LOG` filters, default
/// INFO (access lines below WARN are DEBUG unless `--access-log all`).
fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(false).init(),
    }
}
