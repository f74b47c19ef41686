//! Real OpenID providers on loopback for the single sign-on tests, from `.ci/oidc/` (installed by `.ci/run`
//! with `npm ci`): the certified `oidc-provider` (provider.mjs, for the browser journey) and a tiny provider
//! the tests control (fixture.mjs: real discovery, JWKS, code exchange with PKCE and RS256 ID tokens, plus the
//! tokens a certified provider never sends on purpose: another key, another nonce, long expired).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

pub const CLIENT_ID: &str = "ideashelf";
pub const CLIENT_SECRET: &str = "ideashelf-secret";

fn oidc_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/oidc");
    assert!(
        dir.join("node_modules/oidc-provider").is_dir() && dir.join("node_modules/jose").is_dir(),
        "the test providers are not installed: run `npm ci` in .ci/oidc (what .ci/run does)"
    );
    dir
}

/// A node process serving a provider; killed when dropped.
pub struct NodeProvider {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl NodeProvider {
    fn spawn(script: &str, args: &[&str]) -> NodeProvider {
        let dir = oidc_dir();
        let mut child = Command::new("node")
            .arg(dir.join(script))
            .args(args)
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node must be installed (the SSO tests run real providers)");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).expect("provider output");
        // Whatever the provider prints later is drained: a closed pipe would end it at its next notice.
        std::thread::spawn(move || reader.lines().map_while(Result::ok).for_each(drop));
        let base = line.trim().strip_prefix("READY ").unwrap_or_else(|| panic!("{script} did not start: {line}"));
        NodeProvider { base: base.to_string(), child }
    }

    /// The provider the tests control; every test uses its own tenant (its own issuer path).
    pub fn fixture() -> NodeProvider {
        NodeProvider::spawn("fixture.mjs", &["0"])
    }

    /// The certified provider, at `port`, with one client whose redirect URI is `redirect_uri`.
    #[allow(dead_code)]
    pub fn certified(port: u16, redirect_uri: &str) -> NodeProvider {
        NodeProvider::spawn("provider.mjs", &[&port.to_string(), redirect_uri])
    }

    /// Sets a fixture tenant: `mode` (good, wrong-key, wrong-nonce, expired) and the claims of its next tokens.
    #[allow(dead_code)]
    pub async fn tenant(&self, tenant: &str, mode: &str, claims: Value) -> String {
        let r = reqwest::Client::new()
            .post(format!("{}/{tenant}/_config", self.base))
            .json(&json!({"mode": mode, "claims": claims}))
            .send()
            .await
            .expect("fixture config");
        assert_eq!(r.status().as_u16(), 204);
        format!("{}/{tenant}", self.base)
    }
}

impl Drop for NodeProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A providers file (`IDEASHELF_OIDC_PROVIDERS`) with one provider `corp` at `issuer`; `extra` adds fields.
pub fn providers_file(dir: &std::path::Path, issuer: &str, extra: Value) -> std::path::PathBuf {
    let mut p = json!({"id": "corp", "name": "Corp ID", "issuer": issuer, "client_id": CLIENT_ID,
                       "client_secret": CLIENT_SECRET});
    if let (Some(o), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            o.insert(k.clone(), v.clone());
        }
    }
    let path = dir.join(format!("oidc-{}.json", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, json!({"providers": [p]}).to_string()).expect("write providers file");
    path
}

/// A free loopback port (for a provider whose issuer must be known before it starts).
#[allow(dead_code)]
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}
