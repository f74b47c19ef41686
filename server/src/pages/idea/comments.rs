//! The comment forms' posts: a comment or a reply; the author's edit and delete; a moderator's removal.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::{render_idea, IdeaPage};
use crate::comments::service::{self as comments, CreateComment, UpdateComment};
use crate::error::{AppError, AppResult};
use crate::ids::{CommentId, IdeaId};
use crate::moderation::service::{self as moderation, ActionInput};
use crate::pages::extract::{path_params, FormPage, IdParam, SignedForm};
use crate::pages::forms::{self, FormKind};
use crate::pages::session::FormData;

/// POST /ideas/{id}/comments: `body`, optional `parent_id` (a reply).
pub async fn comment(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let parent_id = form.get("parent_id").map(str::trim).filter(|p| !p.is_empty()).map(String::from);
    let text = form.text("body");
    let input = CreateComment { body: text.clone(), parent_id: parent_id.clone() };
    match comments::create(&ctx.state.db, actor, id.clone(), input).await {
        Ok(c) => Ok(ctx.redirect(&format!("/ideas/{id}#comment-{}", c.id))),
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Comment, &errors);
            let message = errors.get("body").or_else(|| errors.get("parent_id")).cloned();
            let form = json!({"parent_id": parent_id, "body": text, "error": message});
            render_idea(ctx, id, None, json!({"comment": form}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/ideas/{id}#comments")))
        }
        Err(e) => Err(e),
    }
}

/// A comment on the idea page (`/ideas/{id}/comments/{comment}/…`); the way back is the comment.
pub struct CommentOnPage {
    pub idea: IdeaId,
    pub comment: CommentId,
}

#[derive(Deserialize)]
struct CommentParam {
    comment: String,
}

impl FormPage for CommentOnPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Idea")?;
        let CommentParam { comment } = path_params(req, "Comment")?;
        Ok(CommentOnPage {
            idea: IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))?,
            comment: CommentId::parse(&comment).ok_or_else(|| AppError::not_found("Comment"))?,
        })
    }

    fn back(&self) -> String {
        format!("/ideas/{}#comment-{}", self.idea, self.comment)
    }
}

/// A refusal (the window closed, not the author, hidden, protected) is a flash on the idea page.
fn refused(ctx: &crate::pages::session::PageCtx, page: &CommentOnPage, e: AppError) -> AppResult<HttpResponse> {
    match e {
        e @ (AppError::Conflict { .. } | AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&page.back()))
        }
        AppError::NotFound(_) => {
            ctx.flash("flash-err-comment-gone");
            Ok(ctx.redirect(&format!("/ideas/{}#comments", page.idea)))
        }
        e => Err(e),
    }
}

/// POST /ideas/{id}/comments/{comment}/edit: `body` (the author, within the edit window).
pub async fn edit_comment(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<CommentOnPage>,
) -> AppResult<HttpResponse> {
    let text = form.text("body");
    match comments::update(&ctx.state.db, actor, page.comment.clone(), UpdateComment { body: text.clone() }).await {
        Ok(_) => {
            ctx.flash("flash-comment-edited");
            Ok(ctx.redirect(&page.back()))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Comment, &errors);
            let form = json!({"id": page.comment, "body": text, "error": errors.get("body")});
            render_idea(ctx, page.idea.clone(), None, json!({"comment_edit": form}), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(e) => refused(ctx, page, e),
    }
}

/// POST /ideas/{id}/comments/{comment}/delete (the author).
pub async fn delete_comment(
    SignedForm { ctx, actor, page, .. }: &SignedForm<CommentOnPage>,
) -> AppResult<HttpResponse> {
    match comments::delete(&ctx.state.db, actor, page.comment.clone()).await {
        Ok(()) => {
            ctx.flash("flash-comment-deleted");
            Ok(ctx.redirect(&format!("/ideas/{}#comments", page.idea)))
        }
        Err(e) => refused(ctx, page, e),
    }
}

/// POST /ideas/{id}/comments/{comment}/remove: `reason` (moderators: the hide action, audited).
pub async fn remove_comment(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<CommentOnPage>,
) -> AppResult<HttpResponse> {
    let reason = form.text("reason");
    let input = ActionInput {
        action: "hide".into(),
        target_type: "comment".into(),
        target_id: page.comment.to_string(),
        reason: reason.clone(),
    };
    match moderation::act(&ctx.state.db, actor, input).await {
        Ok(_) => {
            ctx.flash("flash-comment-removed");
            Ok(ctx.redirect(&page.back()))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let form = json!({"id": page.comment, "reason": reason, "error": errors.get("reason")});
            render_idea(ctx, page.idea.clone(), None, json!({"comment_remove": form}), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(e) => refused(ctx, page, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_forms_come_back_to_the_comment() {
        use crate::pages::extract::{sign_in_return, Whole};
        let idea = "0190f000-0000-7000-8000-000000000000";
        let comment = "0190f000-0000-7000-8000-000000000001";
        let back = sign_in_return::<CommentOnPage, Whole>(&[("id", idea), ("comment", comment)], "");
        assert_eq!(back.ok(), Some(format!("/ideas/{idea}#comment-{comment}")));
        let unknown = sign_in_return::<CommentOnPage, Whole>(&[("id", idea), ("comment", "nope")], "");
        assert!(matches!(unknown, Err(AppError::NotFound(_))));
    }
}
