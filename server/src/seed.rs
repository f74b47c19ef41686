//! Demo data from `seed/demo.json`, loaded through the same domain functions
//! the API uses. Idempotent: members are matched by handle, challenges by
//! slug, ideas and tips by author and title, products by slug; what exists is left alone.

use chrono::{Duration, Utc};
use serde::Deserialize;

use crate::accounts::service::{create_account, RegisterInput};
use crate::accounts::{store as user_store, Actor, Role};
use crate::challenges::service::{self as challenge_service, CreateChallenge};
use crate::comments::service::{self as comment_service, CreateComment};
use crate::db::Db;
use crate::ideas::service::{self as idea_service, CreateIdea};
use crate::images::storage::Media;
use crate::tracker::service::{transition, TransitionInput};

/// The demo data compiled into the binary, so `serve --demo` works from anywhere.
pub const DEMO: &str = include_str!("../../seed/demo.json");

#[derive(Deserialize)]
pub struct SeedFile {
    pub users: Vec<SeedUser>,
    #[serde(default)]
    pub challenges: Vec<SeedChallenge>,
    #[serde(default)]
    pub ideas: Vec<SeedIdea>,
    #[serde(default)]
    pub products: Vec<SeedProduct>,
    #[serde(default)]
    pub tips: Vec<SeedTip>,
    #[serde(default)]
    pub questions: Vec<SeedQuestion>,
    pub product_tests: Vec<SeedProductTest>,
    /// Fan votes among demo ideas (docs/FAN_VOTES.md).
    #[serde(default)]
    pub fan_votes: Vec<SeedFanVote>,
    /// Review criteria per board (docs/REVIEW.md), set before any idea reaches review.
    #[serde(default)]
    pub review_criteria: Vec<SeedCriteria>,
}

#[derive(Deserialize)]
pub struct SeedCriteria {
    /// A challenge's slug; none: the open board.
    pub challenge: Option<String>,
    pub by: String,
    pub criteria: Vec<crate::review::rules::Criterion>,
}

/// An evaluator's scores (criterion key → 1..5), submitted before a move.
#[derive(Deserialize)]
pub struct SeedEvaluation {
    pub by: String,
    pub scores: crate::review::rules::Scores,
    #[serde(default)]
    pub note: String,
}

/// A member's private feedback on an idea.
#[derive(Deserialize)]
pub struct SeedFeedback {
    pub by: String,
    pub scores: [i32; 4],
    #[serde(default)]
    pub note: String,
}

/// A staff pick of a demo idea.
#[derive(Deserialize)]
pub struct SeedPick {
    pub by: String,
    pub note: String,
}

/// A fan vote among demo ideas (by title), with ballots: (voter, index of the finalist).
#[derive(Deserialize)]
pub struct SeedFanVote {
    pub title: String,
    pub created_by: String,
    pub finalists: Vec<String>,
    pub opens_in_days: i64,
    pub closes_in_days: i64,
    pub show_results: String,
    #[serde(default)]
    pub ballots: Vec<(String, usize)>,
}

/// A product test: open for applications, or (with `draw`) drawn among its applicants, the testers reporting.
#[derive(Deserialize)]
pub struct SeedProductTest {
    pub product: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub units: i32,
    /// Days from now when applications close (negative: closed; the test is drawn when `draw`).
    pub apply_until_in_days: i64,
    pub report_due_in_days: i64,
    #[serde(default)]
    pub questions: Vec<crate::product_tests::rules::Question>,
    #[serde(default)]
    pub report_questions: Vec<crate::product_tests::rules::Question>,
    pub created_by: String,
    /// Members who applied (with their answers to the first question).
    #[serde(default)]
    pub applicants: Vec<SeedApplicant>,
    #[serde(default)]
    pub draw: bool,
    /// Reports the testers drawn write, one each in turn.
    #[serde(default)]
    pub reports: Vec<SeedTestReport>,
}

#[derive(Deserialize)]
pub struct SeedApplicant {
    pub handle: String,
    #[serde(default)]
    pub answers: serde_json::Value,
    pub address: Option<String>,
}

#[derive(Deserialize)]
pub struct SeedTestReport {
    pub stars: i32,
    #[serde(default)]
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub pros: String,
    #[serde(default)]
    pub cons: String,
    #[serde(default)]
    pub answers: serde_json::Value,
}

#[derive(Deserialize)]
pub struct SeedProduct {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    #[serde(default)]
    pub description: String,
    pub gtin: Option<String>,
    /// The title of the seeded idea it came from.
    pub from_idea: Option<String>,
    pub created_by: String,
    #[serde(default)]
    pub ratings: Vec<SeedRating>,
}

#[derive(Deserialize)]
pub struct SeedRating {
    pub author: String,
    pub stars: i32,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// A question about a product with its answers (a product-team member's answer is official).
#[derive(Deserialize)]
pub struct SeedQuestion {
    pub product: String,
    pub author: String,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub answers: Vec<SeedAnswer>,
}

#[derive(Deserialize)]
pub struct SeedAnswer {
    pub author: String,
    pub body: String,
    #[serde(default)]
    pub helpful_by: Vec<String>,
    /// The asker accepted it.
    #[serde(default)]
    pub accepted: bool,
}

#[derive(Deserialize)]
pub struct SeedTip {
    pub author: String,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub product: Option<String>,
    #[serde(default)]
    pub helpful_by: Vec<String>,
}

#[derive(Deserialize, Clone)]
pub struct SeedUser {
    pub handle: String,
    pub email: String,
    pub password: String,
    pub role: String,
    pub display_name: Option<String>,
}

#[derive(Deserialize)]
pub struct SeedChallenge {
    pub slug: String,
    pub title: String,
    pub brief: String,
    /// Days from now (negative: in the past).
    pub opens_in_days: i64,
    pub closes_in_days: i64,
    pub support_threshold: i32,
    #[serde(default = "support")]
    pub vote_mode: String,
    pub vote_budget: Option<i32>,
    pub created_by: String,
    #[serde(default)]
    pub premoderation: bool,
    #[serde(default)]
    pub price_bands: Vec<String>,
    /// Announce a prize draw with this many prizes.
    #[serde(default)]
    pub raffle_prizes: Option<i32>,
}

fn support() -> String {
    "support".into()
}

#[derive(Deserialize)]
pub struct SeedIdea {
    pub author: String,
    pub challenge: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub supporters: Vec<String>,
    #[serde(default)]
    pub comments: Vec<SeedComment>,
    /// Status moves after submission (the tracker's way toward the shelf).
    #[serde(default)]
    pub moves: Vec<SeedMove>,
    /// The product team's pick, with its note.
    pub staff_pick: Option<SeedPick>,
    /// Private feedback for the author (docs/REVIEW.md).
    #[serde(default)]
    pub feedback: Vec<SeedFeedback>,
    /// Evaluations submitted after the moves (an idea left in review).
    #[serde(default)]
    pub evaluations: Vec<SeedEvaluation>,
}

#[derive(Deserialize)]
pub struct SeedMove {
    pub to: String,
    pub by: String,
    #[serde(default)]
    pub note: String,
    pub reason: Option<String>,
    pub product: Option<String>,
    /// An admin decides although evaluations are missing.
    #[serde(default)]
    pub override_evaluations: bool,
    /// Evaluations submitted before this move (the idea is in review).
    #[serde(default)]
    pub evaluations_before: Vec<SeedEvaluation>,
}

#[derive(Deserialize)]
pub struct SeedComment {
    pub author: String,
    pub body: String,
    #[serde(default)]
    pub replies: Vec<SeedComment>,
}

#[derive(Debug, Default)]
pub struct SeedReport {
    pub users: usize,
    pub challenges: usize,
    pub ideas: usize,
    pub products: usize,
    pub tips: usize,
    pub questions: usize,
}

pub fn parse(text: &str) -> anyhow::Result<SeedFile> {
    Ok(serde_json::from_str(text)?)
}

async fn actor(db: &Db, handle: &str) -> anyhow::Result<Actor> {
    let handle = handle.to_string();
    let row = db
        .run(move |conn| Ok(user_store::by_handle(conn, &handle)?))
        .await?
        .ok_or_else(|| anyhow::anyhow!("seed names an unknown member"))?;
    Ok(Actor::from_row(&row))
}

/// An evaluator's submitted scores on a seeded idea in review (no conflict declared).
async fn evaluation(db: &Db, idea: &crate::ids::IdeaId, e: &SeedEvaluation) -> anyhow::Result<()> {
    let who = actor(db, &e.by).await?;
    let input = crate::review::service::EvaluationInput {
        recuse: false,
        no_conflict: true,
        scores: e.scores.clone(),
        note: e.note.clone(),
    };
    crate::review::service::evaluate(db, &who, idea.clone(), input)
        .await
        .map_err(|e| anyhow::anyhow!("seed evaluation: {e}"))?;
    Ok(())
}

/// Loads the demo data; its members count as having accepted the terms of `terms_version`.
pub async fn load(db: &Db, seed: &SeedFile, terms_version: &str) -> anyhow::Result<SeedReport> {
    load_with_pictures(db, None, seed, terms_version).await
}

/// A demo picture uploaded as `who` (drawn by `images::demo`), for attaching by id.
async fn demo_picture(
    media: Option<&Media>,
    db: &Db,
    who: &Actor,
    bytes: Vec<u8>,
    alt: String,
) -> anyhow::Result<Option<String>> {
    let Some(media) = media else { return Ok(None) };
    let view = crate::images::service::upload(db, media, who, bytes, Some(alt))
        .await
        .map_err(|e| anyhow::anyhow!("seed picture: {e}"))?;
    Ok(Some(view.id.to_string()))
}

/// Loads the demo data with pictures in `media` (drawn by code): ideas, products and some members get them.
pub async fn load_with_pictures(
    db: &Db,
    media: Option<&Media>,
    seed: &SeedFile,
    terms_version: &str,
) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    for u in &seed.users {
        let handle = u.handle.clone();
        if db.run(move |conn| Ok(user_store::handle_taken(conn, &handle)?)).await? {
            continue;
        }
        let role = Role::parse(&u.role).ok_or_else(|| anyhow::anyhow!("unknown role {}", u.role))?;
        let input = RegisterInput {
            handle: u.handle.clone(),
            email: u.email.clone(),
            password: u.password.clone(),
            display_name: u.display_name.clone(),
            ..Default::default()
        };
        create_account(db, input, role, terms_version)
            .await
            .map_err(|e| anyhow::anyhow!("seed user {}: {e}", u.handle))?;
        // Every other member has a portrait; the rest show their initials.
        if report.users % 2 == 0 {
            let who = actor(db, &u.handle).await?;
            let bytes = crate::images::demo::member_picture(report.users as u64 + 11);
            if let Some(id) = demo_picture(media, db, &who, bytes, who.display_name.clone()).await? {
                let input = crate::accounts::email::ProfileInput {
                    display_name: None,
                    locale: None,
                    time_zone: None,
                    avatar_image_id: Some(id),
                };
                crate::accounts::email::update_profile(db, &who, input)
                    .await
                    .map_err(|e| anyhow::anyhow!("seed avatar: {e}"))?;
            }
        }
        report.users += 1;
    }
    let now = Utc::now();
    for c in &seed.challenges {
        if challenge_service::get(db, c.slug.clone()).await.is_ok() {
            continue;
        }
        let creator = actor(db, &c.created_by).await?;
        let input = CreateChallenge {
            slug: c.slug.clone(),
            title: c.title.clone(),
            brief: c.brief.clone(),
            opens_at: now + Duration::days(c.opens_in_days),
            closes_at: now + Duration::days(c.closes_in_days),
            support_threshold: Some(c.support_threshold),
            support_tiers: None,
            vote_mode: c.vote_mode.clone(),
            vote_budget: c.vote_budget,
            premoderation: c.premoderation,
            price_bands: c.price_bands.clone(),
        };
        challenge_service::create(db, &creator, input)
            .await
            .map_err(|e| anyhow::anyhow!("seed challenge {}: {e}", c.slug))?;
        if let Some(prizes) = c.raffle_prizes {
            crate::raffles::service::create(
                db,
                &creator,
                c.slug.clone(),
                crate::raffles::service::CreateRaffle { prizes, prize_names: Vec::new() },
            )
            .await
            .map_err(|e| anyhow::anyhow!("seed raffle {}: {e}", c.slug))?;
        }
        report.challenges += 1;
    }
    for c in &seed.review_criteria {
        let who = actor(db, &c.by).await?;
        let input = crate::review::service::CriteriaInput { criteria: c.criteria.clone() };
        match crate::review::service::set_criteria(db, &who, c.challenge.clone(), input).await {
            // Seeded before: the board's first idea reached review, its criteria stay.
            Ok(_) | Err(crate::error::AppError::Conflict { .. }) => {}
            Err(e) => return Err(anyhow::anyhow!("seed review criteria: {e}")),
        }
    }
    for i in &seed.ideas {
        let author = actor(db, &i.author).await?;
        let (author_id, title) = (author.id.clone(), i.title.clone());
        let exists = db
            .run(move |conn| {
                use crate::db::schema::ideas;
                use diesel::prelude::*;
                Ok(diesel::select(diesel::dsl::exists(
                    ideas::table.filter(ideas::author_id.eq(author_id)).filter(ideas::title.eq(title)),
                ))
                .get_result::<bool>(conn)?)
            })
            .await?;
        if exists {
            continue;
        }
        let mut images = Vec::new();
        for n in 0..(1 + report.ideas % 3) {
            let bytes = crate::images::demo::idea_picture((report.ideas * 7 + n) as u64 + 1);
            let alt = format!("{} – {}", i.title, ["model", "side view", "detail"][n % 3]);
            images.extend(demo_picture(media, db, &author, bytes, alt).await?);
        }
        let input = CreateIdea {
            challenge_id: i.challenge.clone(),
            title: i.title.clone(),
            summary: i.summary.clone(),
            body: i.body.clone(),
            tags: i.tags.clone(),
            images,
        };
        let idea = idea_service::create(db, &author, input)
            .await
            .map_err(|e| anyhow::anyhow!("seed idea {}: {e}", i.title))?;
        let id = idea.id.clone();
        // Demo demand answers, in a fixed pattern: yes, maybe, no, none; bands in turn.
        let bands = i
            .challenge
            .as_ref()
            .and_then(|c| seed.challenges.iter().find(|x| &x.slug == c))
            .map(|c| c.price_bands.clone())
            .unwrap_or_default();
        for (n, s) in i.supporters.iter().enumerate() {
            let supporter = actor(db, s).await?;
            let answer = ["yes", "maybe", "no", ""][n % 4];
            let demand = idea_service::DemandInput {
                would_buy: Some(answer.to_string()).filter(|a| !a.is_empty()),
                price_band: bands.get(n % bands.len().max(1)).filter(|_| matches!(answer, "yes" | "maybe")).cloned(),
            };
            idea_service::support(db, &supporter, id.clone(), demand, None)
                .await
                .map_err(|e| anyhow::anyhow!("seed support: {e}"))?;
        }
        for c in &i.comments {
            let who = actor(db, &c.author).await?;
            let top =
                comment_service::create(db, &who, id.clone(), CreateComment { body: c.body.clone(), parent_id: None })
                    .await
                    .map_err(|e| anyhow::anyhow!("seed comment: {e}"))?;
            for r in &c.replies {
                let who = actor(db, &r.author).await?;
                let input = CreateComment { body: r.body.clone(), parent_id: Some(top.id.to_string()) };
                comment_service::create(db, &who, id.clone(), input)
                    .await
                    .map_err(|e| anyhow::anyhow!("seed reply: {e}"))?;
            }
        }
        for f in &i.feedback {
            let who = actor(db, &f.by).await?;
            let [originality, execution, detail, presentation] = f.scores;
            let input = crate::review::service::FeedbackInput {
                originality,
                execution,
                detail,
                presentation,
                note: f.note.clone(),
            };
            crate::review::service::feedback::give(db, &who, id.clone(), input)
                .await
                .map_err(|e| anyhow::anyhow!("seed feedback: {e}"))?;
        }
        for m in &i.moves {
            for e in &m.evaluations_before {
                evaluation(db, &id, e).await?;
            }
            let who = actor(db, &m.by).await?;
            let input = TransitionInput {
                to: m.to.clone(),
                note: m.note.clone(),
                reason: m.reason.clone(),
                product: m.product.clone(),
                override_evaluations: m.override_evaluations,
            };
            transition(db, &who, id.clone(), input).await.map_err(|e| anyhow::anyhow!("seed move to {}: {e}", m.to))?;
        }
        for e in &i.evaluations {
            evaluation(db, &id, e).await?;
        }
        if let Some(p) = &i.staff_pick {
            let who = actor(db, &p.by).await?;
            let input = idea_service::PickInput { note: p.note.clone() };
            idea_service::pick(db, &who, id.clone(), input)
                .await
                .map_err(|e| anyhow::anyhow!("seed staff pick: {e}"))?;
        }
        report.ideas += 1;
    }
    for p in &seed.products {
        if crate::products::service::get(db, None, p.slug.clone()).await.is_ok() {
            continue;
        }
        let creator = actor(db, &p.created_by).await?;
        let idea_id = match &p.from_idea {
            None => None,
            Some(title) => {
                let title = title.clone();
                db.run(move |conn| {
                    use crate::db::schema::ideas;
                    use diesel::prelude::*;
                    Ok(ideas::table
                        .filter(ideas::title.eq(title))
                        .select(ideas::id)
                        .first::<String>(conn)
                        .optional()?)
                })
                .await?
            }
        };
        let bytes = crate::images::demo::product_picture(report.products as u64 + 3);
        let images: Vec<String> =
            demo_picture(media, db, &creator, bytes, format!("{} package", p.name)).await?.into_iter().collect();
        let input = crate::products::service::CreateProduct {
            name: p.name.clone(),
            slug: Some(p.slug.clone()),
            brand: p.brand.clone(),
            category: p.category.clone(),
            description: p.description.clone(),
            image_ref: None,
            images,
            gtin: p.gtin.clone(),
            available: true,
            idea_id,
        };
        crate::products::service::create(db, &creator, input)
            .await
            .map_err(|e| anyhow::anyhow!("seed product {}: {e}", p.slug))?;
        for r in &p.ratings {
            let who = actor(db, &r.author).await?;
            let input =
                crate::products::service::RateInput { stars: r.stars, title: r.title.clone(), body: r.body.clone() };
            crate::products::service::rate(db, &who, Default::default(), p.slug.clone(), input)
                .await
                .map_err(|e| anyhow::anyhow!("seed rating: {e}"))?;
        }
        report.products += 1;
    }
    for t in &seed.tips {
        let author = actor(db, &t.author).await?;
        let (author_id, title) = (author.id.clone(), t.title.clone());
        let exists = db
            .run(move |conn| {
                use crate::db::schema::tips;
                use diesel::prelude::*;
                Ok(diesel::select(diesel::dsl::exists(
                    tips::table.filter(tips::author_id.eq(author_id)).filter(tips::title.eq(title)),
                ))
                .get_result::<bool>(conn)?)
            })
            .await?;
        if exists {
            continue;
        }
        let input = crate::tips::service::CreateTip {
            title: t.title.clone(),
            body: t.body.clone(),
            tags: t.tags.clone(),
            images: Vec::new(),
            product: t.product.clone(),
        };
        let tip = crate::tips::service::create(db, &author, input)
            .await
            .map_err(|e| anyhow::anyhow!("seed tip {}: {e}", t.title))?;
        for h in &t.helpful_by {
            let who = actor(db, h).await?;
            crate::tips::service::helpful(db, &who, tip.id.clone(), true)
                .await
                .map_err(|e| anyhow::anyhow!("seed helpful: {e}"))?;
        }
        report.tips += 1;
    }
    for q in &seed.questions {
        let asker = actor(db, &q.author).await?;
        let (author_id, title) = (asker.id.clone(), q.title.clone());
        let exists = db
            .run(move |conn| {
                use crate::db::schema::questions;
                use diesel::prelude::*;
                Ok(diesel::select(diesel::dsl::exists(
                    questions::table.filter(questions::author_id.eq(author_id)).filter(questions::title.eq(title)),
                ))
                .get_result::<bool>(conn)?)
            })
            .await?;
        if exists {
            continue;
        }
        let input = crate::questions::service::AskQuestion { title: q.title.clone(), body: q.body.clone() };
        let question = crate::questions::service::ask(db, &asker, q.product.clone(), input)
            .await
            .map_err(|e| anyhow::anyhow!("seed question {}: {e}", q.title))?;
        for a in &q.answers {
            let who = actor(db, &a.author).await?;
            let input = crate::questions::service::AnswerInput { body: a.body.clone() };
            let answer = crate::questions::service::answer(db, &who, question.id.clone(), input)
                .await
                .map_err(|e| anyhow::anyhow!("seed answer: {e}"))?;
            for h in &a.helpful_by {
                let marker = actor(db, h).await?;
                crate::questions::service::helpful(db, &marker, answer.id.clone(), true)
                    .await
                    .map_err(|e| anyhow::anyhow!("seed helpful answer: {e}"))?;
            }
            if a.accepted {
                crate::questions::service::accept(db, &asker, question.id.clone(), Some(answer.id.to_string()))
                    .await
                    .map_err(|e| anyhow::anyhow!("seed accepted answer: {e}"))?;
            }
        }
        report.questions += 1;
    }
    for t in &seed.product_tests {
        seed_product_test(db, t).await.map_err(|e| anyhow::anyhow!("seed product test {}: {e}", t.title))?;
    }
    for v in &seed.fan_votes {
        let title = v.title.clone();
        let exists = db
            .run(move |conn| {
                use crate::db::schema::fan_votes;
                use diesel::prelude::*;
                Ok(diesel::select(diesel::dsl::exists(fan_votes::table.filter(fan_votes::title.eq(title))))
                    .get_result::<bool>(conn)?)
            })
            .await?;
        if exists {
            continue;
        }
        let creator = actor(db, &v.created_by).await?;
        let mut idea_ids = Vec::new();
        for t in &v.finalists {
            let title = t.clone();
            let id: Option<String> = db
                .run(move |conn| {
                    use crate::db::schema::ideas;
                    use diesel::prelude::*;
                    Ok(ideas::table.filter(ideas::title.eq(title)).select(ideas::id).first(conn).optional()?)
                })
                .await?;
            idea_ids.push(id.ok_or_else(|| anyhow::anyhow!("seed fan vote {}: no idea {t}", v.title))?);
        }
        let now = chrono::Utc::now();
        let input = crate::fan_votes::service::CreateFanVote {
            title: v.title.clone(),
            idea_ids: idea_ids.clone(),
            opens_at: now + chrono::Duration::days(v.opens_in_days),
            closes_at: now + chrono::Duration::days(v.closes_in_days),
            show_results: v.show_results.clone(),
        };
        let made = crate::fan_votes::service::create(db, &creator, input)
            .await
            .map_err(|e| anyhow::anyhow!("seed fan vote {}: {e}", v.title))?;
        for (voter, n) in &v.ballots {
            let who = actor(db, voter).await?;
            let idea_id = idea_ids.get(*n).cloned().ok_or_else(|| anyhow::anyhow!("seed ballot: no finalist {n}"))?;
            crate::fan_votes::service::vote(
                db,
                &who,
                made.id.clone(),
                crate::fan_votes::service::BallotInput { idea_id },
            )
            .await
            .map_err(|e| anyhow::anyhow!("seed ballot: {e}"))?;
        }
    }
    Ok(report)
}

/// A demo product test: created open, applied for through the service, then (for a drawn one) its applications
/// closed in the past, drawn, and reported on by the testers drawn. Skipped when the product has it already.
async fn seed_product_test(db: &Db, t: &SeedProductTest) -> anyhow::Result<()> {
    use crate::product_tests::service as tests;
    let product =
        crate::products::service::get(db, None, t.product.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let existing = tests::of_product(db, product.id.to_string()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if existing.iter().any(|x| x.title == t.title) {
        return Ok(());
    }
    let creator = actor(db, &t.created_by).await?;
    let now = chrono::Utc::now();
    let until = now + chrono::Duration::days(t.apply_until_in_days.max(1));
    let input = tests::CreateTest {
        product_id: product.id.to_string(),
        title: t.title.clone(),
        description: t.description.clone(),
        units: t.units,
        apply_from: now - chrono::Duration::days(1),
        apply_until: until,
        report_due: now + chrono::Duration::days(t.report_due_in_days),
        questions: t.questions.clone(),
        report_questions: t.report_questions.clone(),
        min_level: None,
    };
    let test = tests::create(db, &creator, input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    for a in &t.applicants {
        let who = actor(db, &a.handle).await?;
        let input = tests::ApplyInput {
            answers: a.answers.clone(),
            shipping_address: a.address.clone(),
            consent_shipping: a.address.is_some(),
        };
        tests::apply(db, &who, test.id.clone(), input).await.map_err(|e| anyhow::anyhow!("{}: {e}", a.handle))?;
    }
    if !t.draw {
        return Ok(());
    }
    tests::close_applications_for_demo(db, test.id.clone(), now + chrono::Duration::days(t.apply_until_in_days.min(0)))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tests::draw(db, &creator, test.id.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut reports = t.reports.iter();
    for a in &t.applicants {
        let who = actor(db, &a.handle).await?;
        let mine = tests::mine(db, &who, test.id.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        if mine.status != "selected" {
            continue;
        }
        let Some(r) = reports.next() else { break };
        let input = tests::TestReportInput {
            stars: r.stars,
            title: r.title.clone(),
            text: r.text.clone(),
            pros: r.pros.clone(),
            cons: r.cons.clone(),
            images: Vec::new(),
            answers: r.answers.clone(),
        };
        tests::report(db, &who, Default::default(), test.id.clone(), input)
            .await
            .map_err(|e| anyhow::anyhow!("report by {}: {e}", a.handle))?;
    }
    Ok(())
}
