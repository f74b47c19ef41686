//! Mail: one interface, two transports. Without an SMTP URL every mail is written as an `.eml` file under
//! `<data-dir>/mail/` (the embedded default: nothing to install, and a person can open what would be sent);
//! with `--smtp-url` it goes to that SMTP server (lettre).
//!
//! A mail is never sent from a request. The operation that causes it renders it in the recipient's
//! language and writes it to the outbox (`enqueue`) in its own transaction; the delivery worker (worker.rs)
//! hands it over within a second or two, retries (rules.rs) and removes it once handed over. (docs/MAIL.md)

pub mod render;
pub mod rules;
pub mod store;
pub mod worker;

use std::path::PathBuf;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::pages::i18n::Lang;

/// A mail to write to the outbox.
pub struct Outgoing<'a> {
    pub to: &'a str,
    pub lang: Lang,
    /// The template under web/templates/mail/ (also the outbox row's kind).
    pub template: &'a str,
    pub data: serde_json::Value,
    /// A one-click unsubscribe URL (RFC 8058) for notification mail.
    pub unsubscribe: Option<String>,
}

/// Renders the mail and writes it to the outbox, in the caller's transaction.
pub fn enqueue(conn: &mut DbConn, mail: Outgoing<'_>) -> AppResult<()> {
    let rendered = render::render(mail.lang, mail.template, &mail.data)?;
    let headers = match &mail.unsubscribe {
        Some(url) => serde_json::json!({
            "List-Unsubscribe": format!("<{url}>"),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }),
        None => serde_json::json!({}),
    }
    .to_string();
    let now = clock::now();
    store::insert(
        conn,
        &store::NewMail {
            recipient: mail.to,
            kind: mail.template,
            subject: &rendered.subject,
            text_body: &rendered.text,
            html_body: &rendered.html,
            headers: &headers,
            created_at: now,
            next_attempt_at: now,
        },
    )?;
    Ok(())
}

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// How a hand-over failed.
#[derive(Debug)]
pub enum SendError {
    /// The server refused for good (5xx) or the mail cannot be built: give up.
    Permanent(String),
    /// Down, unreachable, 4xx: try again later.
    Transient(String),
}

#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    /// Host part of Message-IDs.
    pub domain: String,
}

impl Mailer {
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Mailer> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("IDEASHELF_MAIL_FROM {:?} is not an address: {e}", config.mail_from))?;
        let domain = from.email.domain().to_string();
        let transport = match config.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => {
                let url = rules::lettre_url(url).map_err(anyhow::Error::msg)?;
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
                    .map_err(|e| anyhow::anyhow!("IDEASHELF_SMTP_URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(15)))
                    .build();
                Transport::Smtp(smtp)
            }
            None => {
                let dir = config.data_dir.join("mail");
                std::fs::create_dir_all(&dir)?;
                Transport::Files(dir)
            }
        };
        Ok(Mailer { transport, from, domain })
    }

    /// One line for the start-up banner.
    pub fn describe(&self, config: &crate::config::Config) -> String {
        match &self.transport {
            Transport::Files(dir) => format!("mail: written as .eml files to {} (no --smtp-url)", dir.display()),
            Transport::Smtp(_) => {
                format!("mail: SMTP {}", rules::redacted(config.smtp_url.as_deref().unwrap_or_default()))
            }
        }
    }

    fn message(&self, row: &store::MailRow) -> Result<Message, SendError> {
        let to: Mailbox = row.recipient.parse().map_err(|e| SendError::Permanent(format!("recipient: {e}")))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            // Stable per outbox row: a receiver can tell a repeated hand-over of the same mail.
            .message_id(Some(format!("<mail-{}-{}@{}>", row.id, row.created_at.and_utc().timestamp(), self.domain)));
        let headers: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&row.headers).unwrap_or_default();
        for (name, value) in headers {
            let (Ok(name), Some(value)) = (HeaderName::new_from_ascii(name), value.as_str()) else { continue };
            builder = builder.raw_header(HeaderValue::new(name, value.to_string()));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(row.text_body.clone(), row.html_body.clone()))
            .map_err(|e| SendError::Permanent(format!("building the mail: {e}")))
    }

    /// Hands one outbox row over.
    pub async fn send(&self, row: &store::MailRow) -> Result<(), SendError> {
        let message = self.message(row)?;
        match &self.transport {
            Transport::Files(dir) => AsyncFileTransport::<Tokio1Executor>::new(dir)
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(format!("writing the mail file: {e}"))),
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                Err(e) => Err(SendError::Transient(e.to_string())),
            },
        }
    }
}
