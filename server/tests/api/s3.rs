//! A real S3-compatible server for the object-storage tests: moto's server mode (from PyPI; `.ci/run`
//! installs it into the CI virtualenv) on loopback, with one bucket per test.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::smtp::{free_port, python};

pub struct S3Server {
    pub port: u16,
    child: Child,
}

impl S3Server {
    /// Starts moto and waits until it answers.
    pub async fn start() -> S3Server {
        // object_store reads the usual AWS variables; moto takes any credentials.
        std::env::set_var("AWS_ACCESS_KEY_ID", "ideashelf-test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "ideashelf-test-secret");
        std::env::set_var("AWS_REGION", "us-east-1");
        let port = free_port();
        let child = Command::new(python())
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto must be installed for the object-storage tests (pip install 'moto[server]'; see README)");
        let server = S3Server { port, child };
        let started = Instant::now();
        let client = reqwest::Client::new();
        loop {
            if client.get(server.endpoint()).send().await.is_ok() {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "moto did not start on port {port}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        server
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A new empty bucket, and the object-store URL of it.
    pub async fn bucket(&self) -> (String, String) {
        let name = format!("ideashelf-{}", uuid::Uuid::new_v4().simple());
        let res =
            reqwest::Client::new().put(format!("{}/{name}", self.endpoint())).send().await.expect("create bucket");
        assert!(res.status().is_success(), "creating the bucket: {}", res.status());
        let url = format!("s3://{name}?endpoint={}&region=us-east-1", self.endpoint());
        (name, url)
    }

    /// The keys in a bucket (S3's ListObjectsV2, read with a plain request).
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let body = reqwest::get(format!("{}/{bucket}?list-type=2", self.endpoint()))
            .await
            .expect("list")
            .text()
            .await
            .expect("list body");
        body.split("<Key>").skip(1).filter_map(|s| s.split("</Key>").next()).map(String::from).collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
