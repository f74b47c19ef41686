//! Product questions and answers: the product page's Questions section (its data, `section`), a question's
//! page with its answers, and the posts for asking, answering, accepting, marking helpful, editing and
//! deleting within the edit window, reporting, and following a product. All through
//! `questions::service` (and `moderation::service` for reports, `products::service` for follows), as the
//! API does.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{path_params, FormPage, IdParam, SignedForm};
use super::forms::{self, FormKind};
use super::products::ProductPage;
use super::session::{encode, FormData, PageCtx};
use crate::error::{AppError, AppResult};
use crate::ids::{AnswerId, QuestionId};
use crate::moderation::service::{self as moderation, ReportInput};
use crate::questions::rules as question_rules;
use crate::questions::service::{self as questions, AnswerInput, AskQuestion, QuestionQuery, UpdateQuestion};

/// The filters and sorts the product page offers.
pub const FILTERS: [&str; 4] = ["all", "unanswered", "answered", "official"];
pub const SORTS: [&str; 2] = ["new", "helpful"];
/// Questions per page of a product.
const PER_PAGE: &str = "10";

/// The question page a form is on.
pub struct QuestionPage {
    pub id: QuestionId,
}

impl FormPage for QuestionPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Question")?;
        Ok(QuestionPage { id: QuestionId::parse(&id).ok_or_else(|| AppError::not_found("Question"))? })
    }

    fn back(&self) -> String {
        format!("/questions/{}", self.id)
    }
}

/// An answer on its question's page (`/questions/{id}/answers/{answer}/…`); the way back is the answer.
pub struct AnswerOnPage {
    pub question: QuestionId,
    pub answer: AnswerId,
}

#[derive(Deserialize)]
struct AnswerParam {
    answer: String,
}

impl FormPage for AnswerOnPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Question")?;
        let AnswerParam { answer } = path_params(req, "Answer")?;
        Ok(AnswerOnPage {
            question: QuestionId::parse(&id).ok_or_else(|| AppError::not_found("Question"))?,
            answer: AnswerId::parse(&answer).ok_or_else(|| AppError::not_found("Answer"))?,
        })
    }

    fn back(&self) -> String {
        format!("/questions/{}#answer-{}", self.question, self.answer)
    }
}

/// The product page's Questions section: the list (filtered, sorted), the team's average, the ask form.
pub async fn section(
    ctx: &PageCtx,
    product_id: String,
    slug: &str,
    filter: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
    ask: Value,
) -> AppResult<Value> {
    let filter = filter.filter(|f| FILTERS.contains(&f.as_str())).unwrap_or_else(|| "all".into());
    let sort = sort.filter(|s| SORTS.contains(&s.as_str())).unwrap_or_else(|| "new".into());
    let viewer = ctx.actor.as_ref();
    let list = questions::list(
        &ctx.state.db,
        viewer,
        product_id,
        QuestionQuery {
            filter: Some(filter.clone()),
            sort: Some(sort.clone()),
            limit: Some(PER_PAGE.into()),
            cursor: cursor.clone(),
        },
    )
    .await?;
    let base = format!("/products/{slug}");
    let url = |f: &str, s: &str| format!("{base}?questions={f}&qsort={s}#questions");
    let filters: Vec<Value> = FILTERS
        .iter()
        .map(|f| json!({"key": f, "label": ctx.lang.t(&format!("questions-filter-{f}")), "url": url(f, &sort), "current": *f == filter}))
        .collect();
    let sorts: Vec<Value> = SORTS
        .iter()
        .map(|s| json!({"key": s, "label": ctx.lang.t(&format!("questions-sort-{s}")), "url": url(&filter, s), "current": *s == sort}))
        .collect();
    let next = list
        .next_cursor
        .as_deref()
        .map(|c| format!("{base}?questions={filter}&qsort={sort}&qcursor={}#questions", encode(c)));
    let average = list.team_average_days.map(|d| {
        // At least one day is said as "within 1 day"; more, rounded to a tenth.
        let shown = if d < 1.0 { 1.0 } else { (d * 10.0).round() / 10.0 };
        ctx.lang
            .t_with("questions-team-average", &[("days", fluent_templates::fluent_bundle::FluentValue::from(shown))])
    });
    Ok(json!({
        "items": list.items,
        "filters": filters,
        "sorts": sorts,
        "next_url": next,
        "first_url": cursor.map(|_| url(&filter, &sort)),
        "team_average": average,
        "can_ask": viewer.is_some_and(|a| !a.suspended),
        "login_url": format!("/login?next={}", encode(&format!("{base}#ask"))),
        "ask": ask,
        "limits": {"title_min": question_rules::TITLE_MIN, "title_max": question_rules::TITLE_MAX,
                   "body_max": question_rules::BODY_MAX},
    }))
}

/// GET /questions/{id}
pub async fn show(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = QuestionId::parse(&id).ok_or_else(|| AppError::not_found("Question"))?;
    render(ctx, id, Value::Null, StatusCode::OK).await
}

/// The question page; `forms` carries a form that failed validation (`answer`, `edit`, `answer_edit`,
/// `report`).
async fn render(ctx: &PageCtx, id: QuestionId, forms: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let viewer = ctx.actor.as_ref();
    let q = questions::get(&ctx.state.db, viewer, id).await?;
    let active = viewer.is_some_and(|a| !a.suspended);
    let here = format!("/questions/{}", q.id);
    let answers: Vec<Value> = q
        .answers
        .iter()
        .flatten()
        .map(|a| {
            let own = viewer.is_some_and(|v| v.handle == a.author.handle);
            let mut v = json!(a);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("own".into(), json!(own));
                obj.insert("can_mark".into(), json!(active && !own && !a.hidden));
                obj.insert("marked".into(), json!(a.found_helpful == Some(true)));
                obj.insert("can_report".into(), json!(active && !own));
                obj.insert("can_accept".into(), json!(q.may_accept && active && !a.hidden));
                let edit = &forms["answer_edit"];
                if edit["id"] == json!(a.id) {
                    obj.insert("edit_form".into(), edit.clone());
                }
            }
            v
        })
        .collect();
    let own = viewer.is_some_and(|v| v.handle == q.author.handle);
    let title = q.title.clone();
    ctx.page(
        status,
        "pages/question",
        &title,
        json!({
            "question": q,
            "answers": answers,
            "own": own,
            "signed_in": viewer.is_some(),
            "can_answer": active && !q.hidden,
            "can_report": active && !own,
            "answer_form": forms["answer"].clone(),
            "edit_form": forms["edit"].clone(),
            "report_form": forms["report"].clone(),
            "login_url": format!("/login?next={}", encode(&format!("{here}#answer-form"))),
            "limits": {"title_min": question_rules::TITLE_MIN, "title_max": question_rules::TITLE_MAX,
                       "body_max": question_rules::BODY_MAX,
                       "reason_min": forms::REASON_MIN, "reason_max": forms::REASON_MAX},
            "here": here,
        }),
    )
}

/// A refusal (not the author, the window closed, hidden, suspended) is a flash on the page it came from.
fn refused(ctx: &PageCtx, back: &str, e: AppError) -> AppResult<HttpResponse> {
    match e {
        e @ (AppError::Forbidden { .. } | AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(back))
        }
        e => Err(e),
    }
}

/// POST /products/{slug}/questions: `title`, `body`.
pub async fn ask(SignedForm { ctx, actor, form, page, .. }: &SignedForm<ProductPage>) -> AppResult<HttpResponse> {
    let input = AskQuestion { title: form.text("title"), body: form.text("body") };
    match questions::ask(&ctx.state.db, actor, page.key.clone(), input).await {
        Ok(q) => {
            ctx.flash("flash-question-asked");
            Ok(ctx.redirect(&format!("/questions/{}", q.id)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Question, &errors);
            let sent = json!({"title": form.text("title"), "body": form.text("body"), "errors": errors});
            super::products::render_with_forms(ctx, page.key.clone(), json!({"ask": sent})).await
        }
        Err(e) => refused(ctx, &format!("{}#ask", page.back()), e),
    }
}

/// POST /products/{slug}/follow: `on` (1 follows, 0 stops).
pub async fn follow(SignedForm { ctx, actor, form, page, .. }: &SignedForm<ProductPage>) -> AppResult<HttpResponse> {
    let on = form.get("on") != Some("0");
    match crate::products::service::follow(&ctx.state.db, actor, page.key.clone(), on).await {
        Ok(_) => ctx.flash(if on { "flash-product-followed" } else { "flash-product-unfollowed" }),
        Err(e @ AppError::Forbidden { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&format!("{}#questions", page.back())))
}

/// POST /questions/{id}/answers: `body`.
pub async fn answer(SignedForm { ctx, actor, form, page, .. }: &SignedForm<QuestionPage>) -> AppResult<HttpResponse> {
    let body = form.text("body");
    match questions::answer(&ctx.state.db, actor, page.id.clone(), AnswerInput { body: body.clone() }).await {
        Ok(a) => {
            ctx.flash("flash-answer-posted");
            Ok(ctx.redirect(&format!("/questions/{}#answer-{}", page.id, a.id)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Question, &errors);
            let sent = json!({"body": body, "error": errors.get("body")});
            render(ctx, page.id.clone(), json!({"answer": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => refused(ctx, &format!("{}#answer-form", page.back()), e),
    }
}

/// POST /questions/{id}/accept: `answer_id` (empty: unmark).
pub async fn accept(SignedForm { ctx, actor, form, page, .. }: &SignedForm<QuestionPage>) -> AppResult<HttpResponse> {
    let chosen = Some(form.text("answer_id")).filter(|a| !a.trim().is_empty());
    let on = chosen.is_some();
    match questions::accept(&ctx.state.db, actor, page.id.clone(), chosen).await {
        Ok(_) => ctx.flash(if on { "flash-answer-accepted" } else { "flash-answer-unaccepted" }),
        Err(e @ (AppError::Forbidden { .. } | AppError::Validation(_))) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&format!("{}#answers", page.back())))
}

/// POST /questions/{id}/edit: `title`, `body` (the asker, within the edit window).
pub async fn edit(SignedForm { ctx, actor, form, page, .. }: &SignedForm<QuestionPage>) -> AppResult<HttpResponse> {
    let input = UpdateQuestion { title: Some(form.text("title")), body: Some(form.text("body")) };
    match questions::update_question(&ctx.state.db, actor, page.id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-question-edited");
            Ok(ctx.redirect(&page.back()))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Question, &errors);
            let sent = json!({"title": form.text("title"), "body": form.text("body"), "errors": errors});
            render(ctx, page.id.clone(), json!({"edit": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => refused(ctx, &page.back(), e),
    }
}

/// POST /questions/{id}/delete (the asker, within the edit window, while nobody else answered).
pub async fn delete(SignedForm { ctx, actor, page, .. }: &SignedForm<QuestionPage>) -> AppResult<HttpResponse> {
    let q = questions::get(&ctx.state.db, Some(actor), page.id.clone()).await?;
    match questions::delete_question(&ctx.state.db, actor, page.id.clone()).await {
        Ok(()) => {
            ctx.flash("flash-question-deleted");
            Ok(ctx.redirect(&format!("/products/{}#questions", q.product.slug)))
        }
        Err(e) => refused(ctx, &page.back(), e),
    }
}

/// POST /questions/{id}/report: `reason`.
pub async fn report(SignedForm { ctx, actor, form, page, .. }: &SignedForm<QuestionPage>) -> AppResult<HttpResponse> {
    report_target(ctx, actor, form, page.id.clone(), "question", page.id.to_string()).await
}

/// POST /questions/{id}/answers/{answer}/report: `reason`.
pub async fn report_answer(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<AnswerOnPage>,
) -> AppResult<HttpResponse> {
    report_target(ctx, actor, form, page.question.clone(), "answer", page.answer.to_string()).await
}

async fn report_target(
    ctx: &PageCtx,
    actor: &crate::accounts::Actor,
    form: &FormData,
    question: QuestionId,
    target_type: &str,
    target_id: String,
) -> AppResult<HttpResponse> {
    let here = format!("/questions/{question}");
    let reason = form.text("reason");
    let input = ReportInput { target_type: target_type.into(), target_id: target_id.clone(), reason: reason.clone() };
    match moderation::report(&ctx.state.db, actor, ctx.state.config.report_threshold, input).await {
        Ok(r) if r.hidden && !actor.role.can_moderate() && target_type == "question" => {
            ctx.flash("flash-reported-question-hidden");
            Ok(ctx.redirect("/products"))
        }
        Ok(r) => {
            ctx.flash(if r.new { "flash-reported" } else { "flash-reported-again" });
            Ok(ctx.redirect(&here))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let message = errors.get("reason").cloned().unwrap_or_else(|| json!(ctx.lang.t("err-invalid")));
            let sent = json!({"target_id": target_id, "reason": reason, "error": message});
            render(ctx, question, json!({"report": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => refused(ctx, &here, e),
    }
}

/// POST /questions/{id}/answers/{answer}/helpful: `on` (1 marks, 0 takes the mark back).
pub async fn helpful(SignedForm { ctx, actor, form, page, .. }: &SignedForm<AnswerOnPage>) -> AppResult<HttpResponse> {
    let on = form.get("on") != Some("0");
    match questions::helpful(&ctx.state.db, actor, page.answer.clone(), on).await {
        Ok(_) => ctx.flash(if on { "flash-answer-helpful" } else { "flash-answer-unhelpful" }),
        Err(e @ (AppError::Forbidden { .. } | AppError::Conflict { .. })) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&page.back()))
}

/// POST /questions/{id}/answers/{answer}/edit: `body` (the author, within the edit window).
pub async fn edit_answer(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<AnswerOnPage>,
) -> AppResult<HttpResponse> {
    let body = form.text("body");
    match questions::update_answer(&ctx.state.db, actor, page.answer.clone(), AnswerInput { body: body.clone() }).await
    {
        Ok(_) => {
            ctx.flash("flash-answer-edited");
            Ok(ctx.redirect(&page.back()))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Question, &errors);
            let sent = json!({"id": page.answer, "body": body, "error": errors.get("body")});
            render(ctx, page.question.clone(), json!({"answer_edit": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => refused(ctx, &page.back(), e),
    }
}

/// POST /questions/{id}/answers/{answer}/delete (the author, within the edit window).
pub async fn delete_answer(SignedForm { ctx, actor, page, .. }: &SignedForm<AnswerOnPage>) -> AppResult<HttpResponse> {
    match questions::delete_answer(&ctx.state.db, actor, page.answer.clone()).await {
        Ok(()) => {
            ctx.flash("flash-answer-deleted");
            Ok(ctx.redirect(&format!("/questions/{}#answers", page.question)))
        }
        Err(e) => refused(ctx, &page.back(), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::extract::{sign_in_return, Whole};

    #[test]
    fn forms_come_back_to_the_question_and_the_answer() {
        let q = " 0190F000-0000-7000-8000-000000000002 ";
        let a = "0190f000-0000-7000-8000-000000000003";
        let page = "/questions/0190f000-0000-7000-8000-000000000002";
        assert_eq!(sign_in_return::<QuestionPage, Whole>(&[("id", q)], "").ok(), Some(page.to_string()));
        assert_eq!(
            sign_in_return::<AnswerOnPage, Whole>(&[("id", q), ("answer", a)], "").ok(),
            Some(format!("{page}#answer-{a}"))
        );
        assert!(sign_in_return::<QuestionPage, Whole>(&[("id", "7")], "").is_err());
    }
}
