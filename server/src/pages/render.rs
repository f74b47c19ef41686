//! Handlebars: one registry per language, so the `t`, `date` and `num`
//! helpers know the language without looking it up in the data.
//!
//! Templates live in web/templates/ and are named by their path without
//! `.hbs` (`pages/idea`, `partials/idea_card`, `layouts/base`). A page wraps
//! itself in the layout with `{{#> layouts/base}} ... {{/layouts/base}}`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, JsonValue, RenderContext, RenderError, RenderErrorReason, ScopedJson,
};
use serde::Serialize;

use super::assets::Templates;
use super::i18n::Lang;
use crate::error::AppError;

struct Registries {
    de: Handlebars<'static>,
    en: Handlebars<'static>,
}

static REGISTRIES: LazyLock<Result<Registries, String>> =
    LazyLock::new(|| Ok(Registries { de: registry(Lang::De)?, en: registry(Lang::En)? }));

/// The helpers every template may use (`t`, `date`, `datetime`, `num`, `concat`), in one language. The mail
/// templates use them too (mail/render.rs).
pub(crate) fn register_helpers(hb: &mut Handlebars<'static>, lang: Lang) {
    hb.register_helper("t", Box::new(Translate(lang)));
    hb.register_helper("date", Box::new(FormatDate { lang, with_time: false }));
    hb.register_helper("datetime", Box::new(FormatDate { lang, with_time: true }));
    hb.register_helper("num", Box::new(FormatNumber(lang)));
    hb.register_helper("concat", Box::new(Concat));
    hb.register_helper("initials", Box::new(initials));
    hb.register_helper("hue", Box::new(hue));
}

// A member without a picture: two letters of the name, on a colour that stays the member's (from the handle).
handlebars::handlebars_helper!(initials: |name: str, handle: str| crate::images::rules::initials(name, handle));
handlebars::handlebars_helper!(hue: |handle: str| {
    handle.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 360
});

fn registry(lang: Lang) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    register_helpers(&mut hb, lang);
    register_templates(&mut hb, |_| true)?;
    Ok(hb)
}

/// Registers the templates under web/templates/ whose path `wanted` accepts, named by their path without
/// `.hbs`.
pub(crate) fn register_templates(hb: &mut Handlebars<'static>, wanted: impl Fn(&str) -> bool) -> Result<(), String> {
    for path in Templates::iter().filter(|p| wanted(p)) {
        let Some(name) = path.strip_suffix(".hbs") else { continue };
        let file = Templates::get(&path).ok_or_else(|| format!("template {path} vanished"))?;
        let source = std::str::from_utf8(&file.data).map_err(|e| format!("template {path}: {e}"))?;
        hb.register_template_string(name, source).map_err(|e| format!("template {path}: {e}"))?;
    }
    Ok(())
}

thread_local! {
    /// The time zone dates are shown in while a template renders on this thread (`time_zone` in the data:
    /// the member's, else the site's; see respond.rs). Rendering is synchronous, so it cannot leak.
    static ZONE: std::cell::Cell<chrono_tz::Tz> = const { std::cell::Cell::new(chrono_tz::UTC) };
}

/// Renders a template in a language.
pub fn render<T: Serialize>(lang: Lang, name: &str, data: &T) -> Result<String, AppError> {
    let zone = serde_json::to_value(data)
        .ok()
        .and_then(|v| v.get("time_zone").and_then(|z| z.as_str()).and_then(|z| z.parse::<chrono_tz::Tz>().ok()))
        .unwrap_or(chrono_tz::UTC);
    ZONE.with(|z| z.set(zone));
    let regs = REGISTRIES.as_ref().map_err(|e| AppError::internal(format!("templates: {e}")))?;
    let hb = match lang {
        Lang::De => &regs.de,
        Lang::En => &regs.en,
    };
    hb.render(name, data).map_err(|e| AppError::internal(format!("render {name}: {e}")))
}

/// Every template's source, for the test that all used keys are translated.
#[cfg(test)]
fn template_sources() -> Vec<(String, String)> {
    Templates::iter()
        .filter_map(|p| {
            let file = Templates::get(&p)?;
            Some((p.to_string(), String::from_utf8_lossy(&file.data).into_owned()))
        })
        .collect()
}

fn fluent_value(v: &JsonValue) -> FluentValue<'static> {
    match v {
        JsonValue::Number(n) => match n.as_i64() {
            Some(i) => FluentValue::from(i),
            None => FluentValue::from(n.as_f64().unwrap_or(0.0)),
        },
        JsonValue::String(s) => FluentValue::from(s.clone()),
        JsonValue::Bool(b) => FluentValue::from(if *b { "true" } else { "false" }),
        JsonValue::Null => FluentValue::from(""),
        other => FluentValue::from(other.to_string()),
    }
}

/// `{{t "key" name=value ...}}`: a Fluent message. Escaped like any value,
/// so arguments holding user content are safe.
struct Translate(Lang);

impl HelperDef for Translate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let key =
            h.param(0).and_then(|p| p.value().as_str()).ok_or(RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            h.hash().iter().map(|(k, v)| (Cow::Owned((*k).to_string()), fluent_value(v.value()))).collect();
        Ok(ScopedJson::Derived(JsonValue::String(self.0.t_args(key, &args))))
    }
}

/// `{{date value}}` / `{{datetime value}}` for an RFC 3339 timestamp.
struct FormatDate {
    lang: Lang,
    with_time: bool,
}

impl HelperDef for FormatDate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let raw = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        let text = match DateTime::parse_from_rfc3339(raw) {
            Ok(t) if self.with_time => self.lang.date_time_in(t.with_timezone(&Utc), ZONE.with(|z| z.get())),
            Ok(t) => self.lang.date_in(t.with_timezone(&Utc), ZONE.with(|z| z.get())),
            Err(_) => String::new(),
        };
        Ok(ScopedJson::Derived(JsonValue::String(text)))
    }
}

/// `{{num value}}`: an integer with the language's digit grouping.
struct FormatNumber(Lang);

impl HelperDef for FormatNumber {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let n = h.param(0).and_then(|p| p.value().as_i64()).unwrap_or(0);
        Ok(ScopedJson::Derived(JsonValue::String(self.0.number(n))))
    }
}

/// `{{concat "/products/" slug "/report"}}`: the parameters as one string
/// (for ids and links passed to partials). Escaped like any value.
struct Concat;

impl HelperDef for Concat {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text: String = h
            .params()
            .iter()
            .map(|p| match p.value() {
                JsonValue::String(s) => s.clone(),
                JsonValue::Null => String::new(),
                other => other.to_string(),
            })
            .collect();
        Ok(ScopedJson::Derived(JsonValue::String(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `{{t "key"` in a template has a message in both languages.
    #[test]
    fn every_used_key_is_translated() {
        let mut missing = Vec::new();
        for (path, source) in template_sources() {
            for piece in source.split("t \"").skip(1) {
                let Some(key) = piece.split('"').next() else { continue };
                if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    continue;
                }
                for lang in Lang::ALL {
                    if !lang.has(key) {
                        missing.push(format!("{path}: {key} ({})", lang.code()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:#?}");
    }

    #[test]
    fn concat_joins_its_parameters() {
        let mut hb = Handlebars::new();
        hb.register_helper("concat", Box::new(Concat));
        let text = hb
            .render_template(
                "{{concat \"/products/\" slug \"/report\" n}}",
                &serde_json::json!({"slug": "pesto", "n": 2}),
            )
            .unwrap_or_default();
        assert_eq!(text, "/products/pesto/report2");
    }

    #[test]
    fn templates_compile() {
        assert!(REGISTRIES.is_ok(), "{:?}", REGISTRIES.as_ref().err());
    }
}
