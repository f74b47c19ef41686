//! A real SMTP server for the mail tests: aiosmtpd (from PyPI; `.ci/run` installs it into the CI
//! virtualenv) listening on loopback and storing every mail it accepts in a Maildir, which the tests read
//! and parse with mailparse. It can be stopped and started again on the same port (SMTP down, then back).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Python that has aiosmtpd: `IDEASHELF_TEST_PYTHON`, else the CI virtualenv, else `python3`.
pub fn python() -> String {
    if let Ok(p) = std::env::var("IDEASHELF_TEST_PYTHON") {
        return p;
    }
    if let Some(home) = std::env::var_os("HOME") {
        let venv = PathBuf::from(home).join(".cache/ideashelf-ci-venv/bin/python");
        if venv.exists() {
            return venv.to_string_lossy().into_owned();
        }
    }
    "python3".into()
}

pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    /// While the server is down: the port, bound but not listening. Connections to it are refused, and
    /// no other socket can take it meanwhile: not another test's server (which would answer in its
    /// place), nor a client's ephemeral port (which would connect to itself and wait for a greeting).
    held: Option<socket2::Socket>,
}

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub headers: Vec<(String, String)>,
}

impl Mail {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first link in the text part that contains `path`.
    pub fn link(&self, path: &str) -> String {
        self.text
            .split_whitespace()
            .find(|w| w.starts_with("http") && w.contains(path))
            .unwrap_or_else(|| panic!("no {path} link in: {}", self.text))
            .to_string()
    }

    /// The `token` query parameter of the link to `path`.
    pub fn token(&self, path: &str) -> String {
        let link = self.link(path);
        let url = reqwest::Url::parse(&link).expect("link is a URL");
        url.query_pairs().find(|(k, _)| k == "token").map(|(_, v)| v.into_owned()).expect("token in link")
    }
}

impl SmtpSink {
    /// Starts the server on a free port (held until the server binds it).
    pub fn start() -> SmtpSink {
        let mut sink = SmtpSink::down();
        sink.up();
        sink
    }

    /// A sink whose port is chosen and held but that is not listening yet (the SMTP server is down).
    pub fn down() -> SmtpSink {
        use socket2::{Domain, Socket, Type};
        // Without SO_REUSEADDR, so that nothing else can bind the port while it is held.
        let held = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
        held.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into()).expect("bind");
        let port = held.local_addr().ok().and_then(|a| a.as_socket()).expect("a bound address").port();
        SmtpSink { port, dir: tempfile::tempdir().expect("dir"), child: None, held: Some(held) }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port and waits until it accepts connections.
    pub fn up(&mut self) {
        // Let the port go just before the server binds it.
        drop(self.held.take());
        let maildir = self.dir.path().join("maildir");
        let child = Command::new(python())
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd (pip install aiosmtpd; .ci/run does)");
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!("aiosmtpd exited at once ({status}); is it installed for {}?", python());
            }
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not listen on {}", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server (connections are refused until `up`).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every mail received so far.
    pub fn mails(&self) -> Vec<Mail> {
        let new = self.dir.path().join("maildir").join("new");
        let Ok(entries) = std::fs::read_dir(&new) else { return Vec::new() };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        let mut mails: Vec<Mail> = files.iter().filter_map(|f| std::fs::read(f).ok()).map(|raw| parse(&raw)).collect();
        // In the order the app queued them: the outbox row id is in the Message-ID (<mail-ID-…@…>).
        mails.sort_by_key(|m| {
            m.header("Message-ID")
                .and_then(|id| id.trim_start_matches("<mail-").split('-').next().and_then(|n| n.parse::<i64>().ok()))
                .unwrap_or(i64::MAX)
        });
        mails
    }

    /// Waits (up to 20 s) until a mail to `to` whose subject contains `subject` arrived; returns it.
    pub async fn wait_subject(&self, to: &str, subject: &str) -> Mail {
        let started = Instant::now();
        loop {
            if let Some(m) = self.mails().into_iter().find(|m| m.to.contains(to) && m.subject.contains(subject)) {
                return m;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no mail to {to} about {subject:?}; got {:?}",
                self.mails().iter().map(|m| (&m.to, &m.subject)).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits (up to 20 s) until `n` mails to `to` arrived; returns them.
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<Mail> {
        self.wait_for_within(to, n, Duration::from_secs(20)).await
    }

    /// Waits up to `limit` until `n` mails to `to` arrived; returns them.
    pub async fn wait_for_within(&self, to: &str, n: usize, limit: Duration) -> Vec<Mail> {
        let started = Instant::now();
        loop {
            let got: Vec<Mail> = self.mails().into_iter().filter(|m| m.to.contains(to)).collect();
            if got.len() >= n {
                return got;
            }
            assert!(started.elapsed() < limit, "{n} mail(s) to {to} did not arrive within {limit:?}; got {got:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

fn parse(raw: &[u8]) -> Mail {
    let parsed = mailparse::parse_mail(raw).expect("a mail aiosmtpd stored parses");
    let headers: Vec<(String, String)> = parsed.headers.iter().map(|h| (h.get_key(), h.get_value())).collect();
    let get = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let mut text = String::new();
    let mut html = String::new();
    for part in parsed.parts() {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = part.get_body().unwrap_or_default(),
            "text/html" => html = part.get_body().unwrap_or_default(),
            _ => {}
        }
    }
    Mail { to: get("To").unwrap_or_default(), subject: get("Subject").unwrap_or_default(), text, html, headers }
}
