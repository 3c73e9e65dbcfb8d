//! The frame of signed-in pages: navigation, language switch, logout, and
//! small form helpers that show each error next to its field.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Lang, Msg, Tr};
use crate::layout::language_switch;

/// One link of the main navigation.
pub struct NavLink {
    pub href: String,
    pub label: Msg,
}

/// The signed-in user, as the frame shows them.
pub struct UserChrome {
    pub username: String,
    pub nav: Vec<NavLink>,
}

/// What every page's frame needs.
pub struct Chrome {
    pub lang: Lang,
    pub user: Option<UserChrome>,
    /// The session's CSRF token (empty without a session).
    pub csrf: String,
    /// The current path and query, percent-encoded, for the language switch.
    pub here: String,
    /// A one-line notice shown above the page ("Claim submitted").
    pub notice: Option<String>,
}

impl Chrome {
    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }

    pub fn t(&self, msg: Msg) -> &'static str {
        self.tr().t(msg)
    }
}

/// A full signed-in page.
pub fn app_page(chrome: &Chrome, title: &str, body: Markup) -> Markup {
    let t = chrome.tr();
    html! {
        (DOCTYPE)
        html lang=(chrome.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · strikefund" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                a.skip href="#main" { (t.t(Msg::SkipToContent)) }
                header.site {
                    a.brand href="/app" { "strikefund" }
                    @if let Some(user) = &chrome.user {
                        nav aria-label=(t.t(Msg::Navigation)) {
                            @for link in &user.nav {
                                a href=(link.href) { (t.t(link.label)) }
                            }
                        }
                        span.who { (user.username) }
                        form.inline method="post" action="/logout" {
                            (csrf_field(&chrome.csrf))
                            button.link type="submit" { (t.t(Msg::LogOut)) }
                        }
                    }
                    (language_switch(chrome.lang, &chrome.here))
                }
                main id="main" {
                    @if let Some(notice) = &chrome.notice {
                        p.notice role="status" { (notice) }
                    }
                    (body)
                }
            }
        }
    }
}

/// The hidden CSRF field every state-changing form carries.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// Errors of one form, by field name.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How a text input is shown.
pub struct Input<'a> {
    pub name: &'static str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub hint: Option<&'a str>,
}

impl<'a> Input<'a> {
    pub fn text(name: &'static str, label: &'a str, value: &'a str) -> Input<'a> {
        Input { name, label, value, kind: "text", autocomplete: "off", hint: None }
    }
}

fn error_id(name: &str) -> String {
    format!("{name}-error")
}

/// The ids that describe a field: its hint and its error, when present.
fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> =
        [hint.then(|| format!("{name}-hint")), error.then(|| error_id(name))].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled input with its error right below it.
pub fn input(field: Input<'_>, errors: &FieldErrors) -> Markup {
    let error = errors.get(field.name);
    html! {
        div.field {
            label for=(field.name) { (field.label) }
            @if let Some(hint) = field.hint { small.hint id={ (field.name) "-hint" } { (hint) } }
            input id=(field.name) name=(field.name) type=(field.kind) value=(field.value)
                autocomplete=(field.autocomplete)
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(field.name, field.hint.is_some(), error.is_some())];
            (field_error(field.name, error))
        }
    }
}

/// A labelled select; `options` are (value, label).
pub fn select(
    name: &'static str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.get(name);
    html! {
        div.field {
            label for=(name) { (label) }
            select id=(name) name=(name) aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| error_id(name))] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
            (field_error(name, error))
        }
    }
}

/// A labelled multi-line text field.
pub fn textarea(
    name: &'static str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.get(name);
    html! {
        div.field {
            label for=(name) { (label) }
            @if let Some(hint) = hint { small.hint id={ (name) "-hint" } { (hint) } }
            textarea id=(name) name=(name) rows="4" aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(name, hint.is_some(), error.is_some())] { (value) }
            (field_error(name, error))
        }
    }
}

fn field_error(name: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = error {
            p.error id=(error_id(name)) { (message) }
        }
    }
}

/// A form error not tied to one field, shown above the form.
pub fn form_error(errors: &FieldErrors) -> Markup {
    html! {
        @if let Some(message) = errors.get("form") {
            p.error role="alert" { (message) }
        }
    }
}

/// A one-button form that posts to `action` (approve, remove, …).
pub fn button_form(action: &str, csrf: &str, label: &str, class: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf_field(csrf))
            button type="submit" class=(class) { (label) }
        }
    }
}

/// The label of a claim state code.
pub fn state_label(code: &str) -> Msg {
    match code {
        "submitted" => Msg::StateSubmitted,
        "approved" => Msg::StateApproved,
        "partially_paid" => Msg::StatePartiallyPaid,
        "paid" => Msg::StatePaid,
        "rejected" => Msg::StateRejected,
        "cancelled" => Msg::StateCancelled,
        _ => Msg::Unknown,
    }
}

/// The label of a claim category code.
pub fn category_label(code: &str) -> Msg {
    match code {
        "dismissal" => Msg::CategoryDismissal,
        "hardship" => Msg::CategoryHardship,
        "legal_aid" => Msg::CategoryLegalAid,
        "medical" => Msg::CategoryMedical,
        "fines" => Msg::CategoryFines,
        "children" => Msg::CategoryChildren,
        "other" => Msg::CategoryOther,
        _ => Msg::Unknown,
    }
}

/// The label of a payout method code.
pub fn method_label(code: &str) -> Msg {
    match code {
        "bank_transfer" => Msg::MethodBankTransfer,
        "card" => Msg::MethodCard,
        "cash" => Msg::MethodCash,
        "crypto" => Msg::MethodCrypto,
        _ => Msg::Unknown,
    }
}

/// The label of a role code.
pub fn role_label(code: &str) -> Msg {
    match code {
        "admin" => Msg::RoleAdmin,
        "treasurer" => Msg::RoleTreasurer,
        "member" => Msg::RoleMember,
        "auditor" => Msg::RoleAuditor,
        _ => Msg::Unknown,
    }
}

/// A page saying what went wrong (not found, not allowed, …).
pub fn error_page(chrome: &Chrome, title: Msg, message: &str) -> Markup {
    let t = chrome.tr();
    app_page(
        chrome,
        t.t(title),
        html! {
            h1 { (t.t(title)) }
            p { (message) }
            p { a href="/app" { (t.t(Msg::BackToStart)) } }
        },
    )
}
