//! The idea page: the idea with its support box, comments, the tracker's
//! parts (timeline, tiers, updates, reports, the moves the viewer may make)
//! and the products it became; and, one file each, the posts behind its forms
//! and the submit form.
//!
//! What a viewer may do is asked of the domain ahead: the support rule
//! (`ideas::rules::support_refusal`) and the tracker's moves
//! (`tracker::rules::moves_for(status, Mover::of(role, is_author))`).

mod comments;
mod reports;
mod staff;
mod submit;
mod support;
mod tracker;
mod updates;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::challenges::service::{self as challenges, ChallengeView};
use crate::error::{AppError, AppResult};
use crate::ideas::service::{self as ideas, IdeaView};
use crate::ids::IdeaId;
use crate::pages::extract::{path_params, FormPage, IdParam};
use crate::pages::session::{encode, FormData, PageCtx};

pub use comments::{comment, delete_comment, edit_comment, remove_comment};
pub use reports::report;
pub use staff::{idea_ref, merge, staff_pick, staff_unpick, transition, unmerge};
pub use submit::{create, edit_form, new_form, update};
pub use support::{support, withdraw};
pub use tracker::reason_text;
pub use updates::post_update;

/// Top-level comments per page of an idea.
const COMMENTS_PER_PAGE: &str = "50";

/// How far an idea is toward a threshold, in whole percent (0..=100).
fn percent(supports: i32, threshold: i32) -> i64 {
    if threshold <= 0 {
        return 100;
    }
    (i64::from(supports.max(0)) * 100 / i64::from(threshold)).min(100)
}

/// Idea cards for lists; with a threshold, each shows its progress.
pub fn idea_cards(items: &[IdeaView], threshold: Option<i32>) -> Vec<Value> {
    items
        .iter()
        .map(|idea| {
            let mut v = json!(idea);
            if let (Some(t), Some(obj)) = (threshold, v.as_object_mut()) {
                obj.insert("percent".into(), json!(percent(idea.supports, t)));
                obj.insert("threshold".into(), json!(t));
            }
            v
        })
        .collect()
}

/// The idea page a form is on: the idea's canonical id, from the path.
pub struct IdeaPage {
    pub id: IdeaId,
}

impl FormPage for IdeaPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Idea")?;
        Ok(IdeaPage { id: IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))? })
    }

    fn back(&self) -> String {
        format!("/ideas/{}", self.id)
    }
}

/// What went wrong with one field, for a form with one message.
fn first_message(errors: &Value, preferred: &str) -> Value {
    errors
        .get(preferred)
        .cloned()
        .or_else(|| errors.as_object().and_then(|m| m.values().next().cloned()))
        .unwrap_or(Value::Null)
}

#[derive(Deserialize)]
pub struct ShowQuery {
    comments: Option<String>,
}

/// GET /ideas/{id}: `?comments=<cursor>` pages the comments.
pub async fn show(ctx: &PageCtx, id: web::Path<String>, query: web::Query<ShowQuery>) -> AppResult<HttpResponse> {
    let id = IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))?;
    render_idea(ctx, id, query.into_inner().comments, Value::Null, StatusCode::OK).await
}

/// The idea page. `forms` carries a form that failed validation back to the
/// page (`{"comment": …}`, `{"report": …}`, `{"update": …}`, `{"move": …}`,
/// `{"merge": …}`: what was sent and the messages), answered with `status`.
async fn render_idea(
    ctx: &PageCtx,
    id: IdeaId,
    comments_cursor: Option<String>,
    forms: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    // The domain's comments (this folder's `comments` is the comment form's post).
    use crate::comments::service::{self as comments, CommentQuery};
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let idea = ideas::get(db, viewer, id).await?;
    let id = idea.id.clone();
    let challenge: Option<ChallengeView> = match &idea.challenge_id {
        Some(cid) => Some(challenges::get(db, cid.to_string()).await?),
        None => None,
    };
    let thread = comments::list(
        db,
        viewer,
        id.clone(),
        CommentQuery { limit: Some(COMMENTS_PER_PAGE.into()), cursor: comments_cursor.clone() },
    )
    .await?;

    let support = support::support_box(ctx, &idea, challenge.as_ref()).await?;
    let extras = tracker::idea_extras(ctx, &idea, challenge.as_ref(), &forms).await?;
    let feedback = crate::pages::review::feedback_box(ctx, &idea).await?;
    let evaluation = viewer.is_some_and(|a| a.role.can_manage_challenges())
        && idea.status == crate::ideas::rules::IdeaStatus::InReview;
    // The products this idea became (the catalogue links back with "from the community").
    let idea_key = id.to_string();
    let became: Vec<Value> = crate::products::service::for_idea(db, idea_key)
        .await?
        .into_iter()
        .map(|p| json!({"name": p.name, "slug": p.slug, "brand": p.brand}))
        .collect();
    // What the viewer may do with each comment: the author edits (within the window) and deletes their own,
    // moderators remove others' (the hide action, with a reason).
    let now = chrono::Utc::now();
    let flags = |c: &crate::comments::service::CommentView| -> Value {
        let mut v = json!(c);
        let own = viewer.is_some_and(|a| a.handle == c.author.handle) && !c.deleted;
        let live = !c.hidden && !c.deleted;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("own".into(), json!(own));
            obj.insert("editable".into(), json!(own && live && c.editable_until > now));
            obj.insert("deletable".into(), json!(own));
            obj.insert("removable".into(), json!(!own && live && viewer.is_some_and(|a| a.role.can_moderate())));
        }
        v
    };
    let comment_items: Vec<Value> = thread
        .items
        .iter()
        .map(|c| {
            let mut v = flags(c);
            if let (Some(obj), Some(replies)) = (v.as_object_mut(), c.replies.as_ref()) {
                obj.insert("replies".into(), Value::Array(replies.iter().map(&flags).collect()));
            }
            v
        })
        .collect();
    let next_comments = thread.next_cursor.as_deref().map(|c| format!("/ideas/{id}?comments={}#comments", encode(c)));
    let first_comments = comments_cursor.map(|_| format!("/ideas/{id}#comments"));
    let title = idea.title.clone();
    let public = idea.status.is_public() && !idea.hidden;
    ctx.page(status, "pages/idea", &title, {
        let mut data = json!({
            "idea": idea,
            "challenge": challenge,
            "support": support,
            "comments": comment_items,
            "comment_edit": forms["comment_edit"],
            "comment_remove": forms["comment_remove"],
            "next_comments": next_comments,
            "first_comments": first_comments,
            "comment_form": forms["comment"],
            "report_form": forms["report"],
            "update_form": forms["update"],
            "merge_form": forms["merge"],
            "pick_form": forms["pick"],
            "here": format!("/ideas/{id}"),
            "became": became,
            "feedback": feedback,
            "evaluation_link": evaluation,
        });
        if let Some(obj) = data.as_object_mut() {
            obj.extend(extras);
            // The timeline's feed, for ideas a signed-out reader sees.
            if public {
                let feed = (ctx.lang.t("feed-timeline-link"), format!("/api/v1/feeds/ideas/{id}/timeline"));
                obj.insert("feeds".into(), super::challenge_news::feed_links(ctx, &[feed]));
            }
        }
        data
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_come_back_to_the_idea() {
        use crate::pages::extract::{sign_in_return, Whole};
        let id = "0190f000-0000-7000-8000-000000000000";
        let back = sign_in_return::<IdeaPage, Whole>(&[("id", "0190F000-0000-7000-8000-000000000000")], "");
        assert_eq!(back.ok(), Some(format!("/ideas/{id}")));
        let unknown = sign_in_return::<IdeaPage, Whole>(&[("id", "nope")], "");
        assert!(matches!(unknown, Err(AppError::NotFound(_))));
    }

    #[test]
    fn progress_is_capped() {
        assert_eq!(percent(0, 100), 0);
        assert_eq!(percent(50, 200), 25);
        assert_eq!(percent(300, 100), 100);
        assert_eq!(percent(1, 0), 100);
    }
}
