//! A real headless Chromium driven over WebDriver: each browser gets its own
//! chromedriver on a free loopback port and a fresh profile directory.
//!
//! Needs `chromium` and `chromium-driver` (Debian); `CHROMEDRIVER` and
//! `CHROMIUM` override the paths. A missing driver fails the test: it never skips.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Map, Value};

/// At most this many browsers run at once (the machines have two cores).
static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

pub struct Browser {
    pub client: Client,
    driver: Child,
    port: u16,
    session: Option<String>,
    _profile: tempfile::TempDir,
    _slot: tokio::sync::SemaphorePermit<'static>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A test that failed never closed its session: end it, so Chromium
        // quits with it instead of outliving chromedriver.
        if let Some(id) = &self.session {
            delete_session(self.port, id);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        kill_leftovers(self._profile.path());
    }
}

/// `DELETE /session/{id}` with a plain blocking request (Drop cannot await).
fn delete_session(port: u16, id: &str) {
    use std::io::{Read, Write};
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else { return };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let request = format!(
        "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let _ = stream.read_to_end(&mut Vec::new());
    }
}

/// Ends any process this browser started that is still running: they are
/// the ones whose command line names its own (unique) profile directory.
fn kill_leftovers(profile: &Path) {
    let marker = profile.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.parse::<u32>().is_err() {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains(&marker) {
            let _ = Command::new("kill").arg("-9").arg(&name).stderr(Stdio::null()).status();
        }
    }
}

fn tool(env: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.exists(),
        "{} not found: the browser tests need Debian's `chromium` and `chromium-driver` packages (or set {env})",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind a free port").local_addr().expect("local addr").port()
}

/// Starts Chromium. `javascript: false` turns scripts off for the whole
/// profile, as a visitor with JavaScript disabled has it.
pub async fn launch(javascript: bool) -> Browser {
    let slot = SLOTS.acquire().await.expect("browser slot");
    let chromedriver = tool("CHROMEDRIVER", "/usr/bin/chromedriver");
    let chromium = tool("CHROMIUM", "/usr/bin/chromium");
    let port = free_port();
    let driver = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", chromedriver.display()));
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "chromedriver did not listen on port {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let profile = tempfile::tempdir().expect("profile dir");
    let mut prefs = Map::new();
    // The site negotiates German from this, as from a Swiss browser.
    prefs.insert("intl.accept_languages".into(), json!("de-CH,de"));
    if !javascript {
        prefs.insert("profile.managed_default_content_settings.javascript".into(), json!(2));
    }
    let args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-background-networking".into(),
        "--no-first-run".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-extensions".into(),
        "--hide-scrollbars".into(),
        "--window-size=1280,1000".into(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let mut caps = Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chromium.to_string_lossy(), "args": args, "prefs": Value::Object(prefs)}),
    );
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with headless Chromium");
    let session = client.session_id().await.ok().flatten();
    Browser { client, driver, port, session, _profile: profile, _slot: slot }
}

impl Browser {
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self.client.find_all(Locator::Css(css)).await.expect("find_all").is_empty()
    }

    /// The element's text. A page that is being replaced (a form just posted) may drop the element found a
    /// moment ago: it is looked up again then.
    pub async fn text(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            match self.find(css).await.text().await {
                Ok(t) => return t,
                Err(e) => {
                    assert!(started.elapsed() < Duration::from_secs(15), "text of {css}: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    /// Types into a field (after clearing it).
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("send keys");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn value(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            match self.find(css).await.prop("value").await {
                Ok(v) => return v.unwrap_or_default(),
                Err(e) => {
                    assert!(started.elapsed() < Duration::from_secs(15), "value of {css}: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.expect("url").path().to_string()
    }

    /// Clicks (a form's submit button) and waits until the next page has replaced this one.
    pub async fn click_to_next_page(&self, css: &str) {
        self.client.execute("document.documentElement.dataset.before = '1';", vec![]).await.expect("mark the page");
        self.click(css).await;
        let started = Instant::now();
        loop {
            let old = self.client.execute("return document.documentElement.dataset.before === '1';", vec![]).await;
            if matches!(old, Ok(serde_json::Value::Bool(false))) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "clicking {css} led to no new page");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the text of `css` satisfies `ok`; returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(t) = el.text().await {
                    if ok(&t) {
                        return t;
                    }
                    assert!(started.elapsed() < Duration::from_secs(15), "{css} still reads {t:?}");
                }
            }
            assert!(started.elapsed() < Duration::from_secs(15), "no {css}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the document's language is `lang` (after a switch).
    pub async fn wait_lang(&self, lang: &str) {
        let started = Instant::now();
        loop {
            // Mid-navigation the document may have no <html> yet: look again.
            if let Ok(html) = self.client.find(Locator::Css("html")).await {
                if html.attr("lang").await.ok().flatten().as_deref() == Some(lang) {
                    return;
                }
            }
            assert!(started.elapsed() < Duration::from_secs(15), "page never switched to {lang}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Keeps a screenshot of the current page as a CI artifact under
    /// target/browser-screenshots/.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// A screenshot of the whole page, not only the window: the window is
    /// made as tall as the page for the picture, then restored. Needs
    /// JavaScript (to measure the page).
    pub async fn full_screenshot(&self, name: &str) {
        let (width, height) = self.client.get_window_size().await.expect("window size");
        // From the top, whatever anchor the page was opened at.
        let _ = self.client.execute("window.scrollTo(0, 0)", vec![]).await;
        let mut outer = height;
        for _ in 0..3 {
            let measured = self
                .client
                .execute("return [document.documentElement.scrollHeight, window.innerHeight]", vec![])
                .await
                .ok()
                .and_then(|v| Some((v[0].as_u64()?, v[1].as_u64()?)));
            let Some((page, inner)) = measured else { break };
            if page <= inner {
                break;
            }
            // The window's outer height is its viewport plus whatever frame it has.
            outer = (outer + page - inner).min(8000);
            self.client.set_window_size(width as u32, outer as u32).await.expect("resize");
        }
        self.screenshot(name).await;
        self.client.set_window_size(width as u32, height as u32).await.expect("restore size");
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver
    /// (`goog/cdp/execute`); returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        let id = self.session.as_deref().expect("a WebDriver session");
        let url = format!("http://127.0.0.1:{}/session/{id}/goog/cdp/execute", self.port);
        let r = reqwest::Client::new()
            .post(&url)
            .json(&json!({"cmd": cmd, "params": params}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"));
        let status = r.status();
        let body: Value = r.json().await.unwrap_or_else(|e| panic!("{cmd}: {e}"));
        assert!(status.is_success(), "{cmd}: {status} {body}");
        body["value"].clone()
    }

    /// Lays pages out `width` × `height` CSS pixels, as a phone does: a
    /// headless window cannot be narrower than 500 px, an emulated screen can.
    /// Holds for every page this browser opens next.
    pub async fn emulate_screen(&self, width: u32, height: u32) {
        let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false});
        self.cdp("Emulation.setDeviceMetricsOverride", metrics).await;
    }

    pub async fn close(mut self) {
        let client = self.client.clone();
        if client.close().await.is_ok() {
            self.session = None;
        }
    }
}

pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target"));
    target.join("browser-screenshots")
}
