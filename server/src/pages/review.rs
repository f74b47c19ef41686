//! The pages of private feedback and the review board (docs/REVIEW.md): the feedback box of the idea page
//! (the author's summary, everyone else's form) and its post; the product team's evaluation page (the blind
//! form, then everyone's scores and the calibration), the review board's ranking and the criteria form.
//! Every decision is the `review::service`'s, as for the API.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::IdeaView;
use crate::ids::IdeaId;
use crate::pages::extract::{path_params, FormPage, IdParam, SignedForm};
use crate::pages::i18n::Lang;
use crate::pages::idea::IdeaPage;
use crate::pages::session::{FormData, PageCtx};
use crate::review::rules::{self, Criterion, MemoLine, Outcome};
use crate::review::service::{self as review, feedback, CriteriaInput, EvaluationInput};

/// A criterion's name: its label, or the default criteria's translated name, or its key.
pub fn criterion_label(lang: Lang, key: &str, label: &str) -> String {
    if !label.trim().is_empty() {
        label.to_string()
    } else if rules::is_default_key(key) {
        lang.t(&format!("review-criterion-{}", key.replace('_', "-")))
    } else {
        key.replace('_', " ")
    }
}

/// A decision memo's lines as the timeline shows them.
pub fn memo_lines(lang: Lang, lines: &[MemoLine]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| {
            let above = l.outcome == Outcome::AboveBar;
            json!({
                "label": criterion_label(lang, &l.key, &l.label),
                "above": above,
                "outcome": lang.t(if above { "memo-above-bar" } else { "memo-below-bar" }),
            })
        })
        .collect()
}

/// The feedback box of the idea page: the author's summary, a member's form (with what they gave), or
/// nothing for the signed-out.
pub async fn feedback_box(ctx: &PageCtx, idea: &IdeaView) -> AppResult<Value> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(Value::Null) };
    if matches!(idea.status, IdeaStatus::Pending | IdeaStatus::Rejected | IdeaStatus::Merged) {
        return Ok(Value::Null);
    }
    let lang = ctx.lang;
    if actor.handle == idea.author.handle {
        let s = feedback::summary(&ctx.state.db, actor, idea.id.clone()).await?;
        let criteria: Vec<Value> = s
            .criteria
            .iter()
            .map(|c| {
                json!({
                    "label": lang.t(&format!("feedback-{}", c.criterion)),
                    "count": c.count,
                    "mean": c.mean.map(|m| format!("{m:.1}")),
                })
            })
            .collect();
        return Ok(json!({"author": true, "count": s.count, "criteria": criteria, "notes": s.notes}));
    }
    let own = feedback::own(&ctx.state.db, actor, idea.id.clone()).await?;
    let fields: Vec<Value> = rules::FEEDBACK_CRITERIA
        .iter()
        .map(|name| {
            let chosen = own.as_ref().map(|o| match *name {
                "originality" => o.originality,
                "execution" => o.execution,
                "detail" => o.detail,
                _ => o.presentation,
            });
            let options: Vec<Value> = (rules::SCORE_MIN..=rules::SCORE_MAX)
                .map(|v| json!({"value": v, "selected": chosen == Some(v)}))
                .collect();
            json!({"name": name, "label": lang.t(&format!("feedback-{name}")), "options": options})
        })
        .collect();
    Ok(json!({
        "author": false,
        "given": own.is_some(),
        "fields": fields,
        "note": own.map(|o| o.note).unwrap_or_default(),
        "note_max": rules::NOTE_MAX,
    }))
}

fn score(form: &FormData, name: &str) -> i32 {
    form.text(name).trim().parse().unwrap_or(0)
}

/// POST /ideas/{id}/feedback: the four scores and the note; back to `#feedback`.
pub async fn give_feedback(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>,
) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let input = feedback::FeedbackInput {
        originality: score(form, "originality"),
        execution: score(form, "execution"),
        detail: score(form, "detail"),
        presentation: score(form, "presentation"),
        note: form.text("note"),
    };
    match feedback::give(&ctx.state.db, actor, id.clone(), input).await {
        Ok(_) => ctx.flash("flash-feedback-saved"),
        Err(AppError::Validation(_)) => ctx.flash("flash-feedback-invalid"),
        Err(e @ AppError::Forbidden { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&format!("/ideas/{id}#feedback")))
}

/// The evaluation page a form is on.
pub struct EvaluationPage {
    pub id: IdeaId,
}

impl FormPage for EvaluationPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Idea")?;
        Ok(EvaluationPage { id: IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))? })
    }

    fn back(&self) -> String {
        format!("/ideas/{}/evaluation", self.id)
    }
}

fn criteria_json(lang: Lang, criteria: &[Criterion]) -> Vec<Value> {
    criteria
        .iter()
        .map(|c| json!({"key": c.key, "label": criterion_label(lang, &c.key, &c.label), "weight": c.weight}))
        .collect()
}

/// GET /ideas/{id}/evaluation: the product team's page of an idea's evaluations.
pub async fn evaluation(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let id = IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))?;
    let board = review::evaluations(&ctx.state.db, actor, id).await?;
    render_evaluation(ctx, &board, StatusCode::OK, Value::Null)
}

fn render_evaluation(
    ctx: &PageCtx,
    b: &review::EvaluationBoard,
    status: StatusCode,
    errors: Value,
) -> AppResult<HttpResponse> {
    let lang = ctx.lang;
    let mine = b.mine.as_ref();
    let criteria: Vec<Value> = b
        .criteria
        .iter()
        .map(|c| {
            let chosen = mine.and_then(|m| m.scores.as_ref()).and_then(|s| s.get(&c.key)).copied();
            let options: Vec<Value> = (rules::SCORE_MIN..=rules::SCORE_MAX)
                .map(|v| json!({"value": v, "selected": chosen == Some(v)}))
                .collect();
            json!({"key": c.key, "label": criterion_label(lang, &c.key, &c.label), "weight": c.weight, "options": options})
        })
        .collect();
    let label = |key: &str| {
        b.criteria.iter().find(|c| c.key == key).map(|c| criterion_label(lang, &c.key, &c.label)).unwrap_or_default()
    };
    let others: Vec<Value> = b
        .evaluators
        .iter()
        .map(|e| {
            let scores: Vec<Value> = e
                .scores
                .as_ref()
                .map(|s| s.iter().map(|(k, v)| json!({"label": label(k), "score": v})).collect())
                .unwrap_or_default();
            json!({"handle": e.handle, "status": e.status.as_str(), "scores": scores, "note": e.note})
        })
        .collect();
    let calibration = b.calibration.as_ref().map(|c| {
        json!({
            "weighted": c.weighted_score.map(|w| format!("{w:.1}")),
            "spreads": c.spreads.iter().map(|s| json!({"label": label(&s.key), "min": s.min, "max": s.max, "spread": s.spread, "mean": format!("{:.2}", s.mean)})).collect::<Vec<_>>(),
            "outliers": c.outliers.iter().map(|o| json!({"handle": o.handle, "label": label(&o.key), "score": o.score, "others": format!("{:.1}", o.others_mean)})).collect::<Vec<_>>(),
        })
    });
    let title = lang.t("eval-title");
    ctx.page(
        status,
        "pages/review_evaluation",
        &title,
        json!({
            "idea": {"id": b.idea_id, "title": b.idea_title},
            "in_review": b.status == IdeaStatus::InReview,
            "criteria": criteria,
            "blind": b.blind,
            "assigned": mine.is_some_and(|m| m.status != rules::Assignment::Recused),
            "mine": mine.map(|m| json!({"status": m.status.as_str(), "note": m.note, "submitted": m.status == rules::Assignment::Submitted})),
            "others": others,
            "submitted": b.submitted,
            "pending": b.pending,
            "calibration": calibration,
            "errors": errors,
            "note_max": rules::NOTE_MAX,
        }),
    )
}

/// POST /ideas/{id}/evaluation: `action=score` (the scores `score_<key>`, `no_conflict`, `note`) or
/// `action=recuse`.
pub async fn evaluate(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<EvaluationPage>,
) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let recuse = form.text("action") == "recuse";
    let board = review::evaluations(&ctx.state.db, actor, id.clone()).await?;
    let scores = board
        .criteria
        .iter()
        .filter_map(|c| form.text(&format!("score_{}", c.key)).trim().parse::<i32>().ok().map(|v| (c.key.clone(), v)))
        .collect();
    let input =
        EvaluationInput { recuse, no_conflict: form.text("no_conflict") == "on", scores, note: form.text("note") };
    match review::evaluate(&ctx.state.db, actor, id.clone(), input).await {
        Ok(_) => {
            ctx.flash(if recuse { "flash-eval-recused" } else { "flash-eval-saved" });
            Ok(ctx.redirect(&format!("/ideas/{id}/evaluation")))
        }
        Err(AppError::Validation(errors)) => {
            let msgs: Vec<Value> = errors
                .iter()
                .map(|e| {
                    let key = if e.field == "no_conflict" { "eval-error-conflict" } else { "eval-error-scores" };
                    json!(ctx.lang.t(key))
                })
                .collect();
            render_evaluation(ctx, &board, StatusCode::UNPROCESSABLE_ENTITY, Value::Array(msgs))
        }
        Err(e @ (AppError::Forbidden { .. } | AppError::Conflict { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/ideas/{id}/evaluation")))
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    pub challenge: Option<String>,
}

/// GET /review-board: the ideas in review ranked by weighted score, with their calibration.
pub async fn board(ctx: &PageCtx, query: web::Query<BoardQuery>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let challenge = query.into_inner().challenge.filter(|c| !c.trim().is_empty());
    let b = match review::board(&ctx.state.db, actor, challenge.clone()).await {
        Ok(b) => b,
        Err(AppError::Validation(_)) => return Err(AppError::not_found("Challenge")),
        Err(e) => return Err(e),
    };
    let items: Vec<Value> = b
        .items
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let outliers = e.calibration.as_ref().map(|c| c.outliers.len()).unwrap_or(0);
            let spread = e.calibration.as_ref().and_then(|c| c.spreads.iter().map(|s| s.spread).max());
            json!({
                "rank": i + 1,
                "id": e.idea_id,
                "title": e.title,
                "challenge": e.challenge,
                "weighted": e.weighted_score.map(|w| format!("{w:.1}")),
                "submitted": e.submitted,
                "pending": e.pending,
                "blind": e.blind,
                "outliers": outliers,
                "spread": spread,
            })
        })
        .collect();
    let title = ctx.lang.t("rboard-title");
    ctx.page(StatusCode::OK, "pages/review_board", &title, json!({"items": items, "challenge": challenge}))
}

/// The criteria form's page: the open board or a challenge (`?challenge=<slug>`).
pub struct CriteriaPage {
    pub challenge: Option<String>,
}

impl FormPage for CriteriaPage {
    fn locate(_: &HttpRequest, form: &FormData) -> AppResult<Self> {
        Ok(CriteriaPage { challenge: Some(form.text("challenge")).filter(|c| !c.trim().is_empty()) })
    }

    fn back(&self) -> String {
        match &self.challenge {
            Some(c) => format!("/review-board/criteria?challenge={c}"),
            None => "/review-board/criteria".into(),
        }
    }
}

/// How many rows the criteria form offers.
const CRITERIA_ROWS: usize = 8;

/// GET /review-board/criteria(`?challenge=<slug>`): a board's criteria, editable until locked.
pub async fn criteria(ctx: &PageCtx, query: web::Query<BoardQuery>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    if !actor.role.can_manage_challenges() {
        return Err(AppError::forbidden(
            crate::error::ErrorCode::ProductTeamOnly,
            "The review board is the product team's.",
        ));
    }
    let challenge = query.into_inner().challenge.filter(|c| !c.trim().is_empty());
    let view = review::criteria(&ctx.state.db, challenge.clone()).await?;
    render_criteria(ctx, &view, challenge, StatusCode::OK, false)
}

fn render_criteria(
    ctx: &PageCtx,
    view: &review::CriteriaView,
    challenge: Option<String>,
    status: StatusCode,
    invalid: bool,
) -> AppResult<HttpResponse> {
    let lang = ctx.lang;
    let rows: Vec<Value> = (0..CRITERIA_ROWS)
        .map(|i| match view.criteria.get(i) {
            Some(c) => json!({"i": i, "key": c.key, "label": c.label, "name": criterion_label(lang, &c.key, &c.label), "weight": c.weight}),
            None => json!({"i": i, "key": "", "label": "", "name": "", "weight": ""}),
        })
        .collect();
    let title = lang.t("criteria-title");
    ctx.page(
        status,
        "pages/review_criteria",
        &title,
        json!({
            "scope": view.scope,
            "open": challenge.is_none(),
            "challenge": challenge,
            "rows": rows,
            "locked": view.locked,
            "defaults": view.defaults,
            "invalid": invalid,
            "criteria": criteria_json(lang, &view.criteria),
        }),
    )
}

/// POST /review-board/criteria: rows `key_<i>`, `label_<i>`, `weight_<i>` (empty rows left out).
pub async fn save_criteria(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<CriteriaPage>,
) -> AppResult<HttpResponse> {
    let criteria: Vec<Criterion> = (0..CRITERIA_ROWS)
        .filter_map(|i| {
            let key = form.text(&format!("key_{i}")).trim().to_string();
            if key.is_empty() {
                return None;
            }
            Some(Criterion {
                key,
                label: form.text(&format!("label_{i}")),
                weight: form.text(&format!("weight_{i}")).trim().parse().unwrap_or(0),
            })
        })
        .collect();
    let challenge = page.challenge.clone();
    match review::set_criteria(&ctx.state.db, actor, challenge.clone(), CriteriaInput { criteria }).await {
        Ok(_) => {
            ctx.flash("flash-criteria-saved");
            Ok(ctx.redirect(&page.back()))
        }
        Err(AppError::Validation(_)) => {
            let view = review::criteria(&ctx.state.db, challenge.clone()).await?;
            render_criteria(ctx, &view, challenge, StatusCode::UNPROCESSABLE_ENTITY, true)
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&page.back()))
        }
        Err(e) => Err(e),
    }
}
