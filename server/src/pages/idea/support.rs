//! The idea page's support box: what it offers (the domain's support rule,
//! asked ahead; the demand question) and the posts for supporting and
//! withdrawing.

use actix_web::HttpResponse;
use serde_json::{json, Value};

use super::IdeaPage;
use crate::challenges::rules::Phase;
use crate::challenges::service::ChallengeView;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::{support_refusal, IdeaStatus, SupportRefusal};
use crate::ideas::service::{self as ideas, IdeaView};
use crate::pages::extract::SignedForm;
use crate::pages::session::{encode, PageCtx};

/// The key explaining why the member cannot support (or withdraw) now.
fn refusal_key(r: &SupportRefusal) -> &'static str {
    match r {
        SupportRefusal::OwnIdea => "support-own-idea",
        SupportRefusal::Suspended => "support-suspended",
        SupportRefusal::ChallengeNotOpen(Phase::Closed) => "support-closed",
        SupportRefusal::ChallengeNotOpen(_) => "support-not-open",
        SupportRefusal::NotGathering(IdeaStatus::Pending) => "support-pending",
        SupportRefusal::NotGathering(_) => "support-not-gathering",
    }
}

/// The support box: whether the viewer may support, why not, the demand
/// question with their answers, and the demand so far.
pub(super) async fn support_box(ctx: &PageCtx, idea: &IdeaView, challenge: Option<&ChallengeView>) -> AppResult<Value> {
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let id = idea.id.clone();
    // What the support box offers is the domain's support rule, asked ahead.
    let refusal = viewer.and_then(|a| {
        support_refusal(idea.status, challenge.as_ref().map(|c| c.state), a.handle == idea.author.handle, a.suspended)
    });
    // Why nobody can support it (a declined or expired idea, a closed challenge …), said to
    // signed-out visitors instead of offering to sign in.
    // The idea's own state says more than its challenge's ("made it to the shelf", not "closed").
    let closed_for_all = support_refusal(idea.status, challenge.as_ref().map(|c| c.state), false, false).map(|r| {
        if idea.status != IdeaStatus::GatheringSupport {
            SupportRefusal::NotGathering(idea.status)
        } else {
            r
        }
    });
    // Budget mode: the votes the member has left in the challenge.
    let budget = match (viewer, challenge) {
        (Some(a), Some(c)) if c.vote_budget.is_some() => ideas::my_budget(db, a, c.id.clone()).await?,
        _ => None,
    };
    // The demand question (would you buy it, at what price?), and the member's own answers.
    let (would_buy, price_band) = match viewer.filter(|_| idea.supported == Some(true)) {
        Some(a) => ideas::my_demand(db, a, id.clone()).await?,
        None => (None, None),
    };
    let bands: Vec<Value> = challenge
        .as_ref()
        .map(|c| {
            c.price_bands
                .iter()
                .map(|b| json!({"band": b, "selected": price_band.as_deref() == Some(b.as_str())}))
                .collect()
        })
        .unwrap_or_default();
    let answers: Vec<Value> = ["yes", "maybe", "no"]
        .iter()
        .map(|a| json!({"value": a, "label": format!("demand-{a}"), "checked": would_buy.as_deref() == Some(*a)}))
        .collect();
    let demand = idea.demand.as_ref().map(|d| {
        let total = (d.yes + d.maybe + d.no + d.unanswered).max(1);
        let bar = |n: i64| n * 100 / total;
        let band_total = d.price_bands.iter().map(|b| b.count).sum::<i64>().max(1);
        json!({
            "rows": [
                {"label": "demand-yes", "count": d.yes, "percent": bar(d.yes)},
                {"label": "demand-maybe", "count": d.maybe, "percent": bar(d.maybe)},
                {"label": "demand-no", "count": d.no, "percent": bar(d.no)},
                {"label": "demand-unanswered", "count": d.unanswered, "percent": bar(d.unanswered)},
            ],
            "bands": d.price_bands.iter().map(|b| json!({"band": b.band, "count": b.count, "percent": b.count * 100 / band_total})).collect::<Vec<_>>(),
        })
    });
    Ok(json!({
        "signed_in": viewer.is_some(),
        "supported": idea.supported == Some(true),
        "answers": answers,
        "bands": bands,
        "answered": would_buy.is_some(),
        "would_buy": would_buy.map(|a| format!("demand-{a}")),
        "price_band": price_band,
        "demand": demand,
        // An idea that no longer gathers support says why (its state), not that it is the author's own
        // or that its challenge closed.
        "refusal": refusal.as_ref().map(|r| match r {
            SupportRefusal::OwnIdea | SupportRefusal::ChallengeNotOpen(_) if idea.status != IdeaStatus::GatheringSupport => {
                refusal_key(&SupportRefusal::NotGathering(idea.status))
            }
            r => refusal_key(r),
        }),
        "closed": closed_for_all.as_ref().map(refusal_key),
        "budget": budget.map(|(left, total)| json!({"left": left, "total": total})),
        "login_url": format!("/login?next={}", encode(&format!("/ideas/{id}"))),
    }))
}

/// POST /ideas/{id}/support: the demand answers `would_buy`, `price_band`
/// (`answer_only` when the member only answers them).
pub async fn support(signed: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    support_or_withdraw(signed, true).await
}

/// POST /ideas/{id}/withdraw
pub async fn withdraw(signed: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    support_or_withdraw(signed, false).await
}

async fn support_or_withdraw(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>,
    support: bool,
) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let back = format!("/ideas/{id}#support");
    let demand = ideas::DemandInput {
        would_buy: form.get("would_buy").map(str::to_string).filter(|s| !s.trim().is_empty()),
        price_band: form.get("price_band").map(str::to_string).filter(|s| !s.trim().is_empty()),
    };
    let answering = form.get("answer_only").is_some();
    let result = if support {
        ideas::support(&ctx.state.db, actor, id.clone(), demand, ctx.mark.clone()).await.map(|r| {
            if r.supported {
                ctx.state.metrics.support();
            }
            if answering {
                "flash-demand-saved"
            } else {
                "flash-supported"
            }
        })
    } else {
        ideas::withdraw(&ctx.state.db, actor, id.clone()).await.map(|_| "flash-withdrawn")
    };
    match result {
        Ok(key) => {
            ctx.flash(key);
            Ok(ctx.redirect(&back))
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&back))
        }
        Err(AppError::Validation(_)) => {
            // Only a tampered form sends an answer the page does not offer.
            ctx.flash("flash-err-demand");
            Ok(ctx.redirect(&back))
        }
        Err(e) => Err(e),
    }
}
