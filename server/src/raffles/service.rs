//! Raffles: created with a published commitment, drawn after the challenge
//! closes over a frozen, published participant list; winners are notified.

use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules;
use super::store::{self, RaffleRow};
use crate::accounts::Actor;
use crate::challenges::rules::Phase;
use crate::challenges::store::{self as challenge_store, ChallengeRow};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::notifications::{kind, store as notify};

/// At most this many prizes per raffle.
pub const PRIZES_MAX: i32 = 100;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateRaffle {
    /// How many winners to draw (1 to 100).
    pub prizes: i32,
    /// The prizes by name, first place first (at most `prizes`, each 1 to 80 characters); places
    /// without a name are simply "a prize".
    #[serde(default)]
    pub prize_names: Vec<String>,
}

/// The longest prize name.
pub const PRIZE_NAME_MAX: usize = 80;

#[derive(Debug, Serialize, ToSchema)]
pub struct RaffleChallenge {
    pub id: String,
    pub slug: String,
    pub title: String,
}

/// A raffle as anyone may see it; once drawn, exactly what
/// `ideashelf raffle verify` needs to recompute the winners.
#[derive(Debug, Serialize, ToSchema)]
pub struct RaffleView {
    pub challenge: RaffleChallenge,
    /// `committed` (the seed is secret) or `drawn` (the seed is revealed).
    pub state: &'static str,
    pub prizes: i32,
    /// The prizes by name, by place (may be fewer than `prizes`).
    pub prize_names: Vec<String>,
    /// hex(SHA-256(seed)), published when the raffle was created.
    pub seed_commitment: String,
    /// The seed (hex), revealed at the draw.
    pub seed: Option<String>,
    /// The frozen participant list, in the published order (after the draw).
    pub participants: Option<Vec<String>>,
    pub participants_hash: Option<String>,
    pub participants_count: Option<i32>,
    /// The winners in the order drawn.
    pub winners: Option<Vec<String>>,
    pub created_at: DateTime<Utc>,
    pub drawn_at: Option<DateTime<Utc>>,
    /// Where the algorithm is written down.
    pub algorithm: &'static str,
}

fn ensure_manager(actor: &Actor) -> AppResult<()> {
    if actor.role.can_manage_challenges() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins run raffles."))
    }
}

fn challenge(conn: &mut DbConn, key: &str) -> AppResult<ChallengeRow> {
    challenge_store::by_id_or_slug(conn, key.trim())?.ok_or_else(|| AppError::not_found("Challenge"))
}

fn view(conn: &mut DbConn, c: &ChallengeRow, r: &RaffleRow) -> AppResult<RaffleView> {
    let drawn = r.winners.is_some();
    let participants =
        if drawn { Some(store::participants(conn, &r.id)?.into_iter().map(|(_, h)| h).collect()) } else { None };
    Ok(RaffleView {
        challenge: RaffleChallenge { id: c.id.to_string(), slug: c.slug.clone(), title: c.title.clone() },
        state: if drawn { "drawn" } else { "committed" },
        prizes: r.prizes,
        prize_names: serde_json::from_str(&r.prize_names).unwrap_or_default(),
        seed_commitment: r.seed_commitment.clone(),
        seed: drawn.then(|| r.seed.clone()),
        participants,
        participants_hash: r.participants_hash.clone(),
        participants_count: r.participants_count,
        winners: r.winners.as_deref().map(|w| serde_json::from_str(w).unwrap_or_default()),
        created_at: clock::to_utc(r.created_at),
        drawn_at: r.drawn_at.filter(|_| drawn).map(clock::to_utc),
        algorithm: "docs/RAFFLE.md",
    })
}

/// Sets up a challenge's raffle before it closes: the seed is drawn now and
/// only its commitment is shown until the draw.
pub async fn create(db: &Db, actor: &Actor, key: String, input: CreateRaffle) -> AppResult<RaffleView> {
    ensure_manager(actor)?;
    if !(1..=PRIZES_MAX).contains(&input.prizes) {
        return Err(AppError::field("prizes", "range", format!("prizes is a whole number from 1 to {PRIZES_MAX}.")));
    }
    let names: Vec<String> = input.prize_names.iter().map(|n| n.trim().to_string()).collect();
    let mut v = crate::error::Violations::new();
    if names.len() > usize::try_from(input.prizes).unwrap_or(0) {
        v.add("prize_names", "too_many", "Name at most as many prizes as are drawn.");
    }
    for (i, n) in names.iter().enumerate() {
        let len = n.chars().count();
        if len == 0 || len > PRIZE_NAME_MAX {
            v.add(
                &format!("prize_names[{i}]"),
                "length",
                format!("A prize's name has 1 to {PRIZE_NAME_MAX} characters."),
            );
        }
    }
    v.finish()?;
    let prize_names = serde_json::to_string(&names).map_err(|e| AppError::internal(e.to_string()))?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let c = challenge(conn, &key)?;
            let now = clock::now();
            if crate::challenges::rules::phase(c.opens_at, c.closes_at, now) == Phase::Closed {
                return Err(AppError::conflict(
                    ErrorCode::RaffleTooLate,
                    "This challenge has closed; a raffle must be announced before the draw's participants are known.",
                ));
            }
            let mut seed = [0u8; 32];
            rand::rng().fill_bytes(&mut seed);
            let row = RaffleRow {
                id: Uuid::now_v7().to_string(),
                challenge_id: c.id.to_string(),
                prizes: input.prizes,
                seed_commitment: rules::commitment(&seed),
                seed: hex::encode(seed),
                participants_hash: None,
                participants_count: None,
                winners: None,
                created_by: actor.id.clone(),
                created_at: now,
                drawn_at: None,
                prize_names,
            };
            if store::insert(conn, &row)? == 0 {
                return Err(AppError::conflict(ErrorCode::RaffleExists, "This challenge already has a raffle."));
            }
            crate::audit::record(
                conn,
                &actor,
                "raffle.create",
                "challenge",
                &c.id,
                None,
                json!({"prizes": row.prizes, "seed_commitment": row.seed_commitment}),
            )?;
            view(conn, &c, &row)
        })
    })
    .await
}

pub async fn get(db: &Db, key: String) -> AppResult<RaffleView> {
    db.run(move |conn| {
        let c = challenge(conn, &key)?;
        let r = store::of_challenge(conn, &c.id)?.ok_or_else(|| AppError::not_found("Raffle"))?;
        view(conn, &c, &r)
    })
    .await
}

/// A challenge's raffle in brief, for lists: the prizes and, once drawn, the winners.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct RaffleSummary {
    pub prizes: i32,
    pub prize_names: Vec<String>,
    /// The winners' handles in the order drawn (absent until the draw).
    pub winners: Option<Vec<String>>,
}

/// The raffles of these challenges (ids) in brief, by challenge id, in one query.
pub async fn summaries(
    db: &Db,
    challenge_ids: Vec<String>,
) -> AppResult<std::collections::HashMap<String, RaffleSummary>> {
    db.run(move |conn| {
        Ok(store::of_challenges(conn, &challenge_ids)?
            .into_iter()
            .map(|r| {
                let winners = r.winners.as_deref().map(|w| serde_json::from_str(w).unwrap_or_default());
                let prize_names = serde_json::from_str(&r.prize_names).unwrap_or_default();
                (r.challenge_id.clone(), RaffleSummary { prizes: r.prizes, prize_names, winners })
            })
            .collect())
    })
    .await
}

/// Draws the winners after the challenge closed: freezes and publishes the
/// participant list, reveals the seed, notifies the winners. Once only.
pub async fn draw(db: &Db, actor: &Actor, key: String) -> AppResult<RaffleView> {
    ensure_manager(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let c = challenge(conn, &key)?;
            let r = store::of_challenge(conn, &c.id)?.ok_or_else(|| AppError::not_found("Raffle"))?;
            let now = clock::now();
            if crate::challenges::rules::phase(c.opens_at, c.closes_at, now) != Phase::Closed {
                return Err(AppError::conflict(ErrorCode::DrawTooEarly, "The draw takes place after the challenge closes."));
            }
            if store::claim(conn, &r.id, now)? == 0 {
                return Err(AppError::conflict(ErrorCode::AlreadyDrawn, "This raffle has been drawn already."));
            }
            let mut people = store::eligible(conn, &c.id, c.opens_at, c.closes_at)?;
            let mut handles: Vec<String> = people.iter().map(|(_, h)| h.clone()).collect();
            rules::order(&mut handles);
            people.sort_by_key(|(_, h)| handles.iter().position(|x| x == h));
            let seed = hex::decode(&r.seed).map_err(|_| AppError::internal("stored raffle seed is not hex"))?;
            let prizes = usize::try_from(r.prizes).unwrap_or(0);
            let winners = rules::draw(&seed, &handles, prizes);
            let hash = rules::list_hash(&handles);
            store::insert_participants(conn, &r.id, &people)?;
            let winners_json = serde_json::to_string(&winners).map_err(|e| AppError::internal(e.to_string()))?;
            store::save_draw(conn, &r.id, &hash, i32::try_from(handles.len()).unwrap_or(i32::MAX), &winners_json)?;
            crate::webhooks::emit(conn, crate::webhooks::Event::RaffleDrawn, &json!({"challenge_id": c.id, "challenge_slug": c.slug, "participants": handles.len(), "participants_hash": hash, "winners": winners}))?;
            for (place, handle) in winners.iter().enumerate() {
                if let Some((user_id, _)) = people.iter().find(|(_, h)| h == handle) {
                    let data = json!({"challenge_title": c.title, "challenge_slug": c.slug, "place": place + 1, "prizes": r.prizes});
                    notify::notify(conn, user_id, kind::RAFFLE_WON, None, &data, now)?;
                }
            }
            crate::audit::record(conn, &actor, "raffle.draw", "challenge", &c.id, None,
                json!({"participants": handles.len(), "participants_hash": hash, "winners": winners}))?;
            let saved = store::of_challenge(conn, &c.id)?.ok_or_else(|| AppError::internal("raffle vanished"))?;
            view(conn, &c, &saved)
        })
    })
    .await
}
