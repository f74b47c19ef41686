//! Mail text: handlebars templates in web/templates/mail/ (`<name>.txt.hbs` and `<name>.html.hbs`, the HTML
//! one inside `mail/layout.html`), in the recipient's language, with the pages' helpers (`t`, `date`, …).
//! The subject is the Fluent message `mail-<name>-subject` (underscores as hyphens), given the data's
//! top-level strings as arguments.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use handlebars::Handlebars;

use crate::error::AppError;
use crate::pages::assets::Templates;
use crate::pages::i18n::Lang;

pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

struct Registries {
    /// HTML parts: values escaped.
    html: [Handlebars<'static>; 2],
    /// Plain-text parts: values as they are.
    text: [Handlebars<'static>; 2],
}

static REGISTRIES: LazyLock<Result<Registries, String>> = LazyLock::new(|| {
    let de = |escape| registry(Lang::De, escape);
    let en = |escape| registry(Lang::En, escape);
    Ok(Registries { html: [de(true)?, en(true)?], text: [de(false)?, en(false)?] })
});

fn registry(lang: Lang, escape: bool) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    if !escape {
        hb.register_escape_fn(handlebars::no_escape);
    }
    crate::pages::render::register_helpers(&mut hb, lang);
    crate::pages::render::register_templates(&mut hb, |p| p.starts_with("mail/"))?;
    Ok(hb)
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::De => 0,
        Lang::En => 1,
    }
}

/// Renders mail `name` in `lang`.
pub fn render(lang: Lang, name: &str, data: &serde_json::Value) -> Result<Rendered, AppError> {
    let regs = REGISTRIES.as_ref().map_err(|e| AppError::internal(format!("mail templates: {e}")))?;
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = data
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (Cow::Owned(k.clone()), FluentValue::from(s.to_string()))))
                .collect()
        })
        .unwrap_or_default();
    let subject = lang.t_args(&format!("mail-{}-subject", name.replace('_', "-")), &args);
    // A subject is one line, whatever a title holds.
    let subject = subject.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
    let mut data = data.clone();
    if let Some(o) = data.as_object_mut() {
        o.insert("subject".into(), serde_json::Value::String(subject.clone()));
        o.insert("lang".into(), serde_json::Value::String(lang.code().into()));
    }
    let i = index(lang);
    let text = regs.text[i]
        .render(&format!("mail/{name}.txt"), &data)
        .map_err(|e| AppError::internal(format!("mail {name}.txt: {e}")))?;
    let html = regs.html[i]
        .render(&format!("mail/{name}.html"), &data)
        .map_err(|e| AppError::internal(format!("mail {name}.html: {e}")))?;
    Ok(Rendered { subject, text, html })
}

/// Every mail template's name (without part and extension), for the tests.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = Templates::iter()
        .filter_map(|p| p.strip_prefix("mail/").and_then(|n| n.strip_suffix(".txt.hbs")).map(str::to_string))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_renders_in_both_languages_with_a_translated_subject_and_both_parts() {
        let names = names();
        assert!(names.len() >= 5, "mail templates: {names:?}");
        let data = serde_json::json!({
            "link": "https://ideas.example/x?token=abc", "handle": "anna", "site_url": "https://ideas.example",
            "title": "A <b>title</b>", "unsubscribe_url": "https://ideas.example/u", "email": "new@example.org",
            "items": [{"title": "One", "link": "https://ideas.example/ideas/1", "text": "Approved"}],
        });
        for name in &names {
            for lang in Lang::ALL {
                let r = render(lang, name, &data).unwrap_or_else(|e| panic!("{name} {lang:?}: {e:?}"));
                let key = format!("mail-{}-subject", name.replace('_', "-"));
                assert!(lang.has(&key), "{key} missing in {lang:?}");
                assert!(!r.subject.is_empty() && !r.subject.contains('\n'));
                assert!(r.html.contains("<html") && r.html.contains("</html>"), "{name}: {}", r.html);
                assert!(!r.text.contains("<p>") && !r.text.trim().is_empty(), "{name}: {}", r.text);
                // The HTML part escapes what members wrote; the text part keeps it as written.
                if r.text.contains("A <b>title</b>") {
                    assert!(r.html.contains("A &lt;b&gt;title&lt;/b&gt;"), "{name} html escapes");
                }
            }
        }
    }
}
