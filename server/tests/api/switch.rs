//! A TCP forwarder to a server (Meilisearch) that can be cut: the server going down, as the app sees it
//! over the network, and coming back. The API tests use it, and the search benchmark includes this file.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;

pub struct Switch {
    /// The loopback port to give the app instead of the server's.
    pub port: u16,
    up: Arc<AtomicBool>,
    conns: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Switch {
    /// Forwards every connection to `upstream` (host:port) until `down`.
    pub async fn start(upstream: String) -> Switch {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the switch");
        let port = listener.local_addr().expect("the switch's address").port();
        let up = Arc::new(AtomicBool::new(true));
        let conns: Arc<Mutex<Vec<JoinHandle<()>>>> = Default::default();
        let (u, c) = (up.clone(), conns.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else { continue };
                if !u.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream = upstream.clone();
                let handle = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                c.lock().expect("the switch's connections").push(handle);
            }
        });
        Switch { port, up, conns }
    }

    /// Cuts every open connection and refuses new ones.
    pub fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for h in self.conns.lock().expect("the switch's connections").drain(..) {
            h.abort();
        }
    }

    /// Forwards again.
    pub fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}
