//! ideashelf: a crowdsourcing and idea-voting community platform.
//!
//! `Application::build(config)` assembles the whole server; `main.rs` only
//! parses the command line. See docs/ARCHITECTURE.md for the map.

pub mod accounts;
pub mod audit;
pub mod challenges;
pub mod clock;
pub mod comments;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod error;
pub mod exports;
pub mod fan_votes;
pub mod feeds;
pub mod http;
pub mod ideas;
pub mod ids;
pub mod images;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod markdown;
pub mod metrics;
pub mod moderation;
pub mod notifications;
pub mod pages;
pub mod pagination;
pub mod points;
pub mod privacy;
pub mod product_tests;
pub mod products;
pub mod questions;
pub mod raffles;
pub mod review;
pub mod search;
pub mod seed;
pub mod tips;
pub mod tracker;
pub mod trust;
pub mod webhooks;

use std::net::TcpListener;

use actix_web::{middleware, web, App, HttpServer};

use crate::accounts::token::TokenKeys;
use crate::config::Config;
use crate::db::Db;
use crate::http::AppState;

pub struct Application {
    server: actix_web::dev::Server,
    port: u16,
    state: web::Data<AppState>,
}

/// Opens the database (applying migrations) from a configuration.
pub async fn open_db(config: &Config) -> anyhow::Result<Db> {
    let config = config.clone();
    tokio::task::spawn_blocking(move || {
        let url = config.database_url();
        if db::Backend::of_url(&url) == db::Backend::Sqlite {
            std::fs::create_dir_all(&config.data_dir)?;
        }
        let db = Db::connect(&url, config.db_pool)?;
        db.migrate()?;
        Ok(db)
    })
    .await?
}

impl Application {
    /// The links notification mail uses (the jobs' digests need them).
    pub fn mail_links(&self) -> notifications::mail::MailLinks {
        self.state.mail_links.clone()
    }

    /// Where pictures are stored (the jobs delete orphans there).
    pub fn media(&self) -> images::storage::Media {
        self.state.media.clone()
    }

    /// Where mail goes, for the start-up banner.
    pub fn mail_banner(&self) -> String {
        self.state.mailer.describe(&self.state.config)
    }

    /// Opens the database, applies migrations and binds the listener (port 0
    /// picks a free port, as the tests do).
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = open_db(&config).await?;
        Self::build_with_db(config, db)
    }

    pub fn build_with_db(config: Config, db: Db) -> anyhow::Result<Application> {
        if config.time_zone.parse::<chrono_tz::Tz>().is_err() {
            anyhow::bail!("IDEASHELF_TIME_ZONE {:?} is not an IANA time zone (like Europe/Zurich)", config.time_zone);
        }
        let keys = TokenKeys::new(&config.jwt_secret()?);
        let search = search::Search::open(&config)?;
        if config.search_worker {
            search::worker::spawn(db.clone(), search.clone());
        }
        jobs::spawn_pending_batches(db.clone());
        let listener = TcpListener::bind(&config.bind)?;
        let port = listener.local_addr()?.port();
        let mailer = mail::Mailer::from_config(&config)?;
        let link_base = match config.public_url.as_deref().filter(|u| !u.is_empty()) {
            Some(_) => config.link_base(),
            None => {
                let host = listener.local_addr()?.ip();
                let host = if host.is_unspecified() { "localhost".to_string() } else { host.to_string() };
                format!("http://{host}:{port}")
            }
        };
        let mail_links = notifications::mail::MailLinks::new(
            accounts::email::Links { base: link_base.clone(), default_lang: pages::Lang::DEFAULT },
            &config.jwt_secret()?,
        );
        if config.mail_worker {
            mail::worker::spawn(db.clone(), mailer.clone(), mail_links.clone());
        }
        if config.webhook_worker {
            webhooks::worker::spawn(db.clone(), webhooks::worker::Sender::new(config.webhook_allow_private));
        }
        let workers = config.workers;
        // The OpenAPI document is built once, here, not on a request.
        http::routes::document();
        let media = images::storage::Media::open(&config.data_dir, config.object_store_url.as_deref())?;
        let client_key = http::client_key(&config.jwt_secret()?);
        let mark_key = trust::rules::MarkKey::derive(&config.jwt_secret()?);
        trust::rules::set_hold_share(config.trust_hold_share);
        let metrics = metrics::Metrics::new()?;
        let metrics_listener = config.metrics_bind.as_deref().map(TcpListener::bind).transpose()?;
        let oidc = accounts::oidc::Providers::load(config.oidc_providers.as_deref(), &link_base)?;
        let state = web::Data::new(AppState {
            db,
            keys,
            config,
            search,
            mailer,
            link_base,
            mail_links,
            media,
            client_key,
            mark_key,
            metrics,
            oidc,
        });
        let app_state = state.clone();
        let limiter = web::Data::new(http::limits::AuthLimiter::new(&state.config));
        let write_limiter = web::Data::new(http::limits::WriteLimiter::new(&state.config)?);
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(app_state.clone())
                .app_data(limiter.clone())
                .app_data(write_limiter.clone())
                .app_data(web::PayloadConfig::new(http::json::JSON_LIMIT))
                .app_data(web::QueryConfig::default().error_handler(|err, _| {
                    error::AppError::bad_request(format!("Malformed query string: {err}")).into()
                }))
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| error::AppError::not_found("Resource").into()),
                )
                .wrap(middleware::from_fn(http::limits::limit))
                .wrap(middleware::from_fn(http::text::guard))
                .wrap(middleware::from_fn(docs_csp))
                .wrap(middleware::Compress::default())
                .wrap_fn(|req, srv| {
                    // A write may have queued search changes: wake this instance's worker.
                    let write = !matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD);
                    let state = req.app_data::<web::Data<AppState>>().cloned();
                    let fut = actix_web::dev::Service::call(srv, req);
                    async move {
                        let res = fut.await;
                        if write {
                            if let Some(s) = state {
                                s.search.wake.notify_one();
                            }
                        }
                        res
                    }
                })
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                .wrap(middleware::from_fn(http::access::observe))
                .app_data(web::Data::new(metrics::api::Door::Public))
                .route("/metrics", web::get().to(metrics::api::metrics))
                .route("/healthz", web::get().to(http::healthz))
                .route("/readyz", web::get().to(http::readyz))
                .service(http::openapi::swagger_ui())
                .service(http::routes::api())
                .configure(pages::routes)
                .default_service(web::to(pages::not_found))
        })
        // Idle keep-alive connections stay open longer than load balancers keep
        // theirs (60 s is common), so a proxy or client never reuses a
        // connection the server is closing at that moment.
        .keep_alive(std::time::Duration::from_secs(75))
        .listen(listener)?;
        if let Some(n) = workers {
            server = server.workers(n);
        }
        if let Some(listener) = metrics_listener {
            // The operators' own address: only GET /metrics, on one worker.
            let metrics_state = state.clone();
            let private = HttpServer::new(move || {
                App::new()
                    .app_data(metrics_state.clone())
                    .app_data(web::Data::new(metrics::api::Door::Private))
                    .route("/metrics", web::get().to(metrics::api::metrics))
            })
            .workers(1)
            .listen(listener)?
            .run();
            tokio::spawn(private);
        }
        Ok(Application { server: server.run(), port, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> Db {
        self.state.db.clone()
    }

    /// The state every handler reaches (the middleware benchmark serves it without the rest of the app).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// This application's metrics (the jobs' timer counts its runs there).
    pub fn metrics(&self) -> metrics::Metrics {
        self.state.metrics.clone()
    }

    pub fn search(&self) -> std::sync::Arc<search::Search> {
        self.state.search.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The API docs page (Swagger UI, served from the binary) may load only its own scripts and styles.
async fn docs_csp(
    req: actix_web::dev::ServiceRequest,
    next: middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let docs = req.path().starts_with("/api/docs");
    let mut res = next.call(req).await?;
    if docs {
        res.headers_mut().insert(
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            actix_web::http::header::HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; \
                 connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        );
    }
    Ok(res)
}
