//! Notifications by mail: the members' choices (`notification_settings`), the relay that turns pending
//! notifications into mail at once, the daily and weekly digests, and one-click unsubscribe.
//!
//! A notification row is its mail's outbox: it is written in the event's transaction with `mail_pending`
//! set; the relay (run by every instance's mail worker) reads pending rows, queues a mail for the members who
//! chose `email`, and clears the mark in one transaction; a mailed row is claimed by a conditional update, so
//! of several instances relaying at once only one mails it. Digests are
//! sent by the jobs: a conditional write of the member's `digests.sent_until` decides which of several
//! instances sends it, and the mail is queued in that same transaction.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::rules::{self, Channel};
use crate::accounts::email::Links;
use crate::db::schema::{digests, notification_settings, notifications, users};
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, Violations};
use crate::mail::{self, Outgoing};
use crate::pages::i18n::Lang;

/// What the relay and the digests need to write links.
#[derive(Clone)]
pub struct MailLinks {
    pub links: Links,
    /// Signs unsubscribe links (derived from the JWT secret, so every instance has the same).
    pub key: Vec<u8>,
}

impl MailLinks {
    pub fn new(links: Links, jwt_secret: &[u8]) -> MailLinks {
        use sha2::{Digest, Sha256};
        let key = Sha256::new().chain_update(b"ideashelf unsubscribe links\0").chain_update(jwt_secret).finalize();
        MailLinks { links, key: key.to_vec() }
    }

    /// From the configuration, for the CLI's jobs (the server passes its own).
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<MailLinks> {
        let links = Links { base: config.link_base(), default_lang: Lang::DEFAULT };
        Ok(MailLinks::new(links, &config.jwt_secret()?))
    }

    pub fn unsubscribe_url(&self, user_id: &str, kind: &str) -> String {
        let sig = rules::unsubscribe_signature(&self.key, user_id, kind);
        format!("{}/unsubscribe?u={user_id}&k={kind}&s={sig}", self.links.base)
    }
}

/// A member's channel for each kind (defaults filled in).
pub fn channels(conn: &mut DbConn, user_id: &str) -> QueryResult<BTreeMap<&'static str, Channel>> {
    let stored: Vec<(String, String)> = notification_settings::table
        .filter(notification_settings::user_id.eq(user_id))
        .select((notification_settings::kind, notification_settings::channel))
        .load(conn)?;
    Ok(rules::KINDS
        .iter()
        .map(|k| {
            let chosen = stored.iter().find(|(sk, _)| sk == k).and_then(|(_, c)| Channel::parse(c));
            (*k, chosen.unwrap_or(rules::default_channel(k)))
        })
        .collect())
}

fn set_channel(conn: &mut DbConn, user_id: &str, kind: &str, channel: Channel) -> QueryResult<usize> {
    diesel::delete(
        notification_settings::table
            .filter(notification_settings::user_id.eq(user_id))
            .filter(notification_settings::kind.eq(kind)),
    )
    .execute(conn)?;
    if channel == rules::default_channel(kind) {
        return Ok(1);
    }
    diesel::insert_into(notification_settings::table)
        .values((
            notification_settings::user_id.eq(user_id),
            notification_settings::kind.eq(kind),
            notification_settings::channel.eq(channel.as_str()),
        ))
        .execute(conn)
}

/// The kinds a member turned off (the in-app list leaves them out).
pub fn kinds_off(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    notification_settings::table
        .filter(notification_settings::user_id.eq(user_id))
        .filter(notification_settings::channel.eq(Channel::Off.as_str()))
        .select(notification_settings::kind)
        .load(conn)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSetting {
    pub kind: String,
    pub channel: Channel,
    /// The channel when the member chose none.
    pub default: Channel,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSettings {
    pub settings: Vec<NotificationSetting>,
}

fn view(map: &BTreeMap<&'static str, Channel>) -> NotificationSettings {
    NotificationSettings {
        settings: rules::KINDS
            .iter()
            .map(|k| NotificationSetting {
                kind: (*k).to_string(),
                channel: map.get(k).copied().unwrap_or(rules::default_channel(k)),
                default: rules::default_channel(k),
            })
            .collect(),
    }
}

pub async fn get_settings(db: &Db, user_id: String) -> AppResult<NotificationSettings> {
    db.run(move |conn| Ok(view(&channels(conn, &user_id)?))).await
}

/// `{kind: channel, …}`: the kinds given change, the others stay.
pub type SettingsInput = BTreeMap<String, String>;

pub async fn put_settings(db: &Db, user_id: String, input: SettingsInput) -> AppResult<NotificationSettings> {
    let mut v = Violations::new();
    let mut changes = Vec::new();
    for (kind, channel) in &input {
        if !rules::is_kind(kind) {
            v.add(kind, "unknown", "There is no such kind of notification.");
            continue;
        }
        match Channel::parse(channel) {
            Some(c) => changes.push((kind.clone(), c)),
            None => v.add(kind, "invalid", "A channel is one of off, in_app, email, daily, weekly."),
        }
    }
    v.finish()?;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            for (kind, channel) in &changes {
                set_channel(conn, &user_id, kind, *channel)?;
            }
            Ok(view(&channels(conn, &user_id)?))
        })
    })
    .await
}

/// One-click unsubscribe (RFC 8058) and the unsubscribe page: turns `kind` (or every kind) to `off` for the
/// member the signed link names. No sign-in: the signature is the authority.
pub async fn unsubscribe(
    db: &Db,
    mail_links: &MailLinks,
    user_id: String,
    kind: String,
    signature: &str,
    all: bool,
) -> AppResult<()> {
    // `all` (digests, which gather several kinds) stops every mail.
    let all = all || kind == "all";
    if !(rules::is_kind(&kind) || kind == "all")
        || !rules::unsubscribe_valid(&mail_links.key, &user_id, &kind, signature)
    {
        return Err(AppError::field("s", "invalid", "This unsubscribe link is not valid."));
    }
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let kinds: Vec<&str> = if all { rules::KINDS.to_vec() } else { vec![kind.as_str()] };
            for k in kinds {
                // Kinds already off stay off; the in-app list keeps the others unless the member says so.
                let channel = if all { Channel::InApp } else { Channel::Off };
                let current = channels(conn, &user_id)?.get(k).copied();
                if current != Some(Channel::Off) {
                    set_channel(conn, &user_id, k, channel)?;
                }
            }
            Ok(())
        })
    })
    .await
}

/// A member as the relay needs them.
struct Recipient {
    handle: String,
    email: String,
    lang: Lang,
}

/// Handle, email, language, verified, erased.
type RecipientRow = (String, String, Option<String>, Option<NaiveDateTime>, Option<NaiveDateTime>);

fn recipient(conn: &mut DbConn, user_id: &str, default_lang: Lang) -> QueryResult<Option<Recipient>> {
    let row: Option<RecipientRow> = users::table
        .find(user_id)
        .select((users::handle, users::email, users::locale, users::email_verified_at, users::erased_at))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(handle, email, locale, verified, erased)| {
        // Mail goes only to confirmed addresses of accounts that still exist.
        (verified.is_some() && erased.is_none()).then(|| Recipient {
            handle,
            email,
            lang: locale.as_deref().and_then(Lang::parse).unwrap_or(default_lang),
        })
    }))
}

fn item(n: &super::store::NotificationRow, lang: Lang, handle: &str, base: &str) -> serde_json::Value {
    let view = super::service::view(n);
    let (text, details) = crate::pages::notifications::describe(lang, &view.kind, &view.data);
    let link = crate::pages::notifications::link(&view, handle).map(|l| format!("{base}{l}"));
    serde_json::json!({"text": text, "details": details, "link": link.unwrap_or_else(|| base.to_string())})
}

const RELAY_BATCH: i64 = 200;

/// The notifications still waiting for the relay. The condition is written as the partial index
/// `notifications_mail_pending` states it, not as `mail_pending = ?`: a database that plans without the
/// bound value (SQLite's planner stability guarantee, PostgreSQL's generic plans) cannot tell that a
/// bound `true` matches the index, and would read the whole table every second.
#[diesel::dsl::auto_type(no_type_alias)]
fn pending_relay(batch: i64) -> _ {
    notifications::table.filter(notifications::mail_pending).order(notifications::id.asc()).limit(batch)
}

/// Turns pending notifications into mail (for members who chose `email` for their kind) and clears the
/// mark, in one transaction. Returns how many notifications it handled.
pub fn relay(conn: &mut DbConn, links: &MailLinks) -> AppResult<usize> {
    write_tx(conn, |conn| {
        let rows: Vec<super::store::NotificationRow> =
            pending_relay(RELAY_BATCH).select(super::store::NotificationRow::as_select()).load(conn)?;
        // The batch's members' stored choices, in one query (a fan-out brings many members at once).
        let members: Vec<&str> = rows.iter().map(|n| n.user_id.as_str()).collect();
        let stored: Vec<(String, String, String)> = notification_settings::table
            .filter(notification_settings::user_id.eq_any(&members))
            .select((notification_settings::user_id, notification_settings::kind, notification_settings::channel))
            .load(conn)?;
        let channel_of = |n: &super::store::NotificationRow| {
            stored
                .iter()
                .find(|(u, k, _)| *u == n.user_id && *k == n.kind)
                .and_then(|(_, _, c)| Channel::parse(c))
                .unwrap_or(rules::default_channel(&n.kind))
        };
        let (to_mail, quiet): (Vec<_>, Vec<_>) = rows.iter().partition(|n| channel_of(n) == Channel::Email);
        let quiet: Vec<i64> = quiet.iter().map(|n| n.id).collect();
        diesel::update(notifications::table.filter(notifications::id.eq_any(&quiet)))
            .set(notifications::mail_pending.eq(false))
            .execute(conn)?;
        for n in to_mail {
            // Claim the row: of two instances relaying at once, one clears the mark and mails; the other
            // changes nothing and mails nothing.
            let claimed = diesel::update(
                notifications::table.filter(notifications::id.eq(n.id)).filter(notifications::mail_pending),
            )
            .set(notifications::mail_pending.eq(false))
            .execute(conn)?;
            if claimed != 1 {
                continue;
            }
            let Some(r) = recipient(conn, &n.user_id, links.links.default_lang)? else { continue };
            let it = item(n, r.lang, &r.handle, &links.links.base);
            let unsubscribe = links.unsubscribe_url(&n.user_id, &n.kind);
            mail::enqueue(
                conn,
                Outgoing {
                    to: &r.email,
                    lang: r.lang,
                    template: "notification",
                    data: serde_json::json!({
                        "handle": r.handle, "text": it["text"], "details": it["details"], "link": it["link"],
                        "site_url": links.links.base, "unsubscribe_url": unsubscribe,
                        "settings_url": format!("{}/settings#notifications", links.links.base),
                    }),
                    unsubscribe: Some(unsubscribe.clone()),
                },
            )?;
        }
        Ok(rows.len())
    })
}

/// Sends the digests due as of `as_of`: one mail per member and period with what their digest kinds
/// brought since the last one (none when nothing did). Safe on several instances.
pub async fn send_digests(db: &Db, links: &MailLinks, as_of: NaiveDateTime) -> AppResult<usize> {
    let mut sent = 0;
    for channel in [Channel::Daily, Channel::Weekly] {
        let members: Vec<String> = db
            .run(move |conn| {
                Ok(notification_settings::table
                    .filter(notification_settings::channel.eq(channel.as_str()))
                    .select(notification_settings::user_id)
                    .distinct()
                    .load(conn)?)
            })
            .await?;
        for user_id in members {
            let links = links.clone();
            sent += db.run(move |conn| digest_for(conn, &links, &user_id, channel, as_of)).await?;
        }
    }
    Ok(sent)
}

fn digest_for(
    conn: &mut DbConn,
    links: &MailLinks,
    user_id: &str,
    channel: Channel,
    as_of: NaiveDateTime,
) -> AppResult<usize> {
    let Some(period) = channel.period() else { return Ok(0) };
    write_tx(conn, |conn| {
        let last: Option<NaiveDateTime> =
            digests::table.find((user_id, channel.as_str())).select(digests::sent_until).first(conn).optional()?;
        let since = match last {
            Some(t) if !rules::digest_due(t, period, as_of) => return Ok(0),
            Some(t) => t,
            None => as_of - period,
        };
        // Claim this period: of several instances, one changes the row; the others change nothing and stop.
        let claimed = match last {
            Some(t) => diesel::update(
                digests::table
                    .filter(digests::user_id.eq(user_id))
                    .filter(digests::period.eq(channel.as_str()))
                    .filter(digests::sent_until.eq(t)),
            )
            .set(digests::sent_until.eq(as_of))
            .execute(conn)?,
            None => crate::per_backend!(conn, c => {
                diesel::insert_into(digests::table)
                    .values((
                        digests::user_id.eq(user_id),
                        digests::period.eq(channel.as_str()),
                        digests::sent_until.eq(as_of),
                    ))
                    .on_conflict_do_nothing()
                    .execute(c)
            })?,
        };
        if claimed != 1 {
            return Ok(0);
        }
        let kinds: Vec<&str> =
            channels(conn, user_id)?.into_iter().filter(|(_, c)| *c == channel).map(|(k, _)| k).collect();
        let rows: Vec<super::store::NotificationRow> = notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::kind.eq_any(&kinds))
            .filter(notifications::created_at.gt(since))
            .filter(notifications::created_at.le(as_of))
            .order(notifications::id.asc())
            .limit(100)
            .select(super::store::NotificationRow::as_select())
            .load(conn)?;
        if rows.is_empty() {
            return Ok(0);
        }
        let Some(r) = recipient(conn, user_id, links.links.default_lang)? else { return Ok(0) };
        let items: Vec<serde_json::Value> =
            rows.iter().map(|n| item(n, r.lang, &r.handle, &links.links.base)).collect();
        let template = if channel == Channel::Daily { "digest_daily" } else { "digest_weekly" };
        let unsubscribe = links.unsubscribe_url(user_id, "all");
        mail::enqueue(
            conn,
            Outgoing {
                to: &r.email,
                lang: r.lang,
                template,
                data: serde_json::json!({
                    "handle": r.handle, "items": items, "count": items.len().to_string(),
                    "site_url": links.links.base, "link": format!("{}/notifications", links.links.base),
                    "settings_url": format!("{}/settings#notifications", links.links.base),
                    "unsubscribe_url": unsubscribe,
                }),
                unsubscribe: Some(unsubscribe),
            },
        )?;
        Ok(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The relay's every-second look for pending mail reads the partial index, on the connections the
    /// app really uses (which plan without bound values), not the whole table.
    #[test]
    fn the_relay_finds_pending_mail_by_its_partial_index() {
        #[derive(QueryableByName)]
        struct Plan {
            #[diesel(sql_type = diesel::sql_types::Text)]
            detail: String,
        }
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("plan.db").display()), 1).unwrap();
        db.migrate().unwrap();
        let query = pending_relay(RELAY_BATCH).select(super::super::store::NotificationRow::as_select());
        let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&query).to_string();
        let sql = sql.split(" -- binds:").next().unwrap();
        let mut conn = db.get().unwrap();
        let plan: Vec<Plan> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load(&mut *conn).unwrap();
        let plan: Vec<String> = plan.into_iter().map(|p| p.detail).collect();
        assert!(plan.iter().any(|d| d.contains("notifications_mail_pending")), "{sql}\n{plan:?}");
    }
}
