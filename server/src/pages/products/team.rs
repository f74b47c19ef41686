//! The product team's forms: a new product, and editing one.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::{product_key, ProductPage};
use crate::accounts::Actor;
use crate::error::{AppError, AppResult, FieldError};
use crate::images::rules::Subject;
use crate::pages::extract::{Edit, NewProduct, SignedForm};
use crate::pages::forms::{self, FormKind};
use crate::pages::idea::idea_ref;
use crate::pages::pictures;
use crate::pages::session::{opt, FormData, PageCtx};
use crate::products::rules as product_rules;
use crate::products::service::{self as products, CreateProduct, ProductQuery, ProductView, UpdateProduct};

/// The product form's fields, as sent (or as the product has them).
fn form_values(form: &FormData) -> Value {
    json!({
        "name": form.text("name"),
        "slug": form.text("slug"),
        "brand": form.text("brand"),
        "category": form.text("category"),
        "description": form.text("description"),
        "image_ref": form.text("image_ref"),
        "gtin": form.text("gtin"),
        "available": form.get("available").is_some(),
        "idea_id": form.text("idea_id"),
        "idea_id_was": form.text("idea_id_was"),
    })
}

fn product_values(p: &ProductView) -> Value {
    let idea = p.idea.as_ref().map(|i| i.id.to_string()).unwrap_or_default();
    json!({
        "name": p.name, "slug": p.slug, "brand": p.brand, "category": p.category, "description": p.description,
        "image_ref": p.image_ref, "gtin": p.gtin, "available": p.available, "idea_id": idea, "idea_id_was": idea,
    })
}

/// The product form, new (`editing` None) or for a product, with the values
/// sent so far and the errors at their fields.
async fn render_form(
    ctx: &PageCtx,
    editing: Option<&ProductView>,
    values: Value,
    errors: Value,
    pictures: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    // Brands and categories in use, offered as suggestions.
    let facets =
        products::list(&ctx.state.db, ProductQuery { limit: Some("1".into()), ..ProductQuery::default() }).await?;
    let error_list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    let (title, action) = match editing {
        Some(p) => (
            ctx.lang.t_with("product-edit-title", &[("name", p.name.clone().into())]),
            format!("/products/{}/edit", p.slug),
        ),
        None => (ctx.lang.t("product-new-title"), "/products/new".to_string()),
    };
    let cancel = editing.map(|p| format!("/products/{}", p.slug)).unwrap_or_else(|| "/products".into());
    use product_rules::{DESCRIPTION_MAX, LABEL_MAX, NAME_MAX};
    ctx.page(
        status,
        "pages/product_form",
        &title,
        json!({
            "heading": title, "action": action, "cancel": cancel, "editing": editing.is_some(),
            "product": editing, "values": values, "errors": errors, "error_list": error_list,
            "brands": facets.brands.iter().map(|f| &f.value).collect::<Vec<_>>(),
            "categories": facets.categories.iter().map(|f| &f.value).collect::<Vec<_>>(),
            "limits": {"name_max": NAME_MAX, "label_max": LABEL_MAX, "description_max": DESCRIPTION_MAX},
            "here": action, "pictures": pictures,
        }),
    )
}

/// The form's pictures part, for pictures chosen so far.
async fn picture_part(ctx: &PageCtx, actor: &Actor, ids: &[String], errors: &[FieldError]) -> AppResult<Value> {
    let shown = pictures::shown(ctx, actor, ids).await?;
    Ok(pictures::part(ctx.lang, Subject::Product, &shown, pictures::error_message(ctx.lang, FormKind::Product, errors)))
}

/// GET /products/new (product team, admins).
pub async fn new_form(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/products/new")) };
    products::ensure_product_team(actor)?;
    let none = pictures::part(ctx.lang, Subject::Product, &[], None);
    render_form(ctx, None, json!({"available": true}), json!({}), none, StatusCode::OK).await
}

/// POST /products/new
pub async fn create(SignedForm { ctx, actor, form, .. }: &SignedForm<NewProduct>) -> AppResult<HttpResponse> {
    products::ensure_product_team(actor)?;
    let chosen = pictures::collect(ctx, actor, form).await?;
    if !chosen.errors.is_empty() {
        let part = picture_part(ctx, actor, &chosen.ids, &chosen.errors).await?;
        let errors = json!({"images": part["error"].clone()});
        return render_form(ctx, None, form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = CreateProduct {
        name: form.text("name"),
        slug: opt(form, "slug"),
        brand: form.text("brand"),
        category: form.text("category"),
        description: form.text("description"),
        image_ref: None,
        gtin: opt(form, "gtin"),
        available: form.get("available").is_some(),
        idea_id: opt(form, "idea_id").map(|i| idea_ref(&i)),
        images: chosen.ids.clone(),
    };
    match products::create(&ctx.state.db, actor, input).await {
        Ok(p) => {
            ctx.flash("flash-product-created");
            Ok(ctx.redirect(&format!("/products/{}", p.slug)))
        }
        Err(AppError::Validation(errors)) => {
            let part = picture_part(ctx, actor, &chosen.ids, &errors).await?;
            let errors = forms::errors_json(ctx.lang, FormKind::Product, &errors);
            render_form(ctx, None, form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// GET /products/{slug}/edit (product team, admins).
pub async fn edit_form(ctx: &PageCtx, key: web::Path<String>) -> AppResult<HttpResponse> {
    let key = product_key(&key)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    products::ensure_product_team(actor)?;
    let product = products::get(&ctx.state.db, Some(actor), key).await?;
    let part = pictures::part(ctx.lang, Subject::Product, product.images.as_deref().unwrap_or(&[]), None);
    render_form(ctx, Some(&product), product_values(&product), json!({}), part, StatusCode::OK).await
}

/// POST /products/{slug}/edit
pub async fn update(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<ProductPage, Edit>,
) -> AppResult<HttpResponse> {
    let key = page.key.clone();
    // The idea link changes only when the field did: an idea this form could
    // not show (hidden meanwhile) is not cleared by saving other fields.
    let idea = form.text("idea_id");
    let idea_id = (idea.trim() != form.text("idea_id_was").trim()).then(|| idea_ref(&idea));
    products::ensure_product_team(actor)?;
    let chosen = pictures::collect(ctx, actor, form).await?;
    if !chosen.errors.is_empty() {
        let product = products::get(&ctx.state.db, Some(actor), key).await?;
        let part = picture_part(ctx, actor, &chosen.ids, &chosen.errors).await?;
        let errors = json!({"images": part["error"].clone()});
        return render_form(ctx, Some(&product), form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = UpdateProduct {
        name: Some(form.text("name")),
        slug: opt(form, "slug"),
        brand: Some(form.text("brand")),
        category: Some(form.text("category")),
        description: Some(form.text("description")),
        // The form no longer offers a typed image address: uploaded pictures replace it.
        image_ref: None,
        gtin: Some(form.text("gtin")),
        available: Some(form.get("available").is_some()),
        idea_id,
        images: Some(chosen.ids.clone()),
    };
    match products::update(&ctx.state.db, actor, key.clone(), input).await {
        Ok(p) => {
            ctx.flash("flash-product-saved");
            Ok(ctx.redirect(&format!("/products/{}", p.slug)))
        }
        Err(AppError::Validation(errors)) => {
            let product = products::get(&ctx.state.db, Some(actor), key).await?;
            let part = picture_part(ctx, actor, &chosen.ids, &errors).await?;
            let errors = forms::errors_json(ctx.lang, FormKind::Product, &errors);
            render_form(ctx, Some(&product), form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}
