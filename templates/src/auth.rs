//! Logging in, the second factor, and the account page.

use maud::{Markup, html};

use crate::app::{Chrome, FieldErrors, Input, app_page, csrf_field, form_error, input};
use crate::i18n::Msg;

pub struct LoginView {
    pub chrome: Chrome,
    pub username: String,
    /// Where to go after logging in (a local path).
    pub next: String,
    pub errors: FieldErrors,
}

pub fn login(view: &LoginView) -> Markup {
    let t = view.chrome.tr();
    let username =
        Input { autocomplete: "username", ..Input::text("username", t.t(Msg::Username), &view.username) };
    let password = Input {
        kind: "password",
        autocomplete: "current-password",
        ..Input::text("password", t.t(Msg::Password), "")
    };
    app_page(
        &view.chrome,
        t.t(Msg::LogIn),
        html! {
            h1 { (t.t(Msg::LogIn)) }
            (form_error(&view.errors))
            form.stack method="post" action="/login" {
                (csrf_field(&view.chrome.csrf))
                input type="hidden" name="next" value=(view.next);
                (input(username, &view.errors))
                (input(password, &view.errors))
                button type="submit" { (t.t(Msg::LogIn)) }
            }
        },
    )
}

pub struct TotpView {
    pub chrome: Chrome,
    pub errors: FieldErrors,
}

/// The form asking for a code from the authenticator app.
fn code_form(chrome: &Chrome, action: &str, errors: &FieldErrors) -> Markup {
    let t = chrome.tr();
    let code = Input {
        autocomplete: "one-time-code",
        hint: Some(t.t(Msg::TotpCodeHint)),
        ..Input::text("code", t.t(Msg::TotpCode), "")
    };
    html! {
        (form_error(errors))
        form.stack method="post" action=(action) {
            (csrf_field(&chrome.csrf))
            (input(code, errors))
            button type="submit" { (t.t(Msg::Confirm)) }
        }
    }
}

/// The second step of logging in: the code from the authenticator app.
pub fn totp(view: &TotpView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        t.t(Msg::SecondFactor),
        html! {
            h1 { (t.t(Msg::SecondFactor)) }
            (code_form(&view.chrome, "/login/totp", &view.errors))
        },
    )
}

pub struct EnrollView {
    pub chrome: Chrome,
    /// The new secret, base32, to type into an authenticator app.
    pub secret: String,
    /// The `otpauth://` URL, for apps that take a link.
    pub url: String,
    /// True when the fund requires a second factor and this user has none yet.
    pub required: bool,
    pub errors: FieldErrors,
}

/// Setting up a second factor: the secret, then a code to prove it works.
pub fn enroll(view: &EnrollView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        t.t(Msg::SetUpSecondFactor),
        html! {
            h1 { (t.t(Msg::SetUpSecondFactor)) }
            @if view.required { p.notice { (t.t(Msg::SecondFactorRequired)) } }
            p { (t.t(Msg::EnrollExplain)) }
            p.secret { code { (view.secret) } }
            p { a href=(view.url) { (t.t(Msg::OpenInAuthenticator)) } }
            (code_form(&view.chrome, "/account/totp", &view.errors))
        },
    )
}

pub struct AccountView {
    pub chrome: Chrome,
    pub username: String,
    pub role: Msg,
    pub has_totp: bool,
    pub errors: FieldErrors,
}

/// The account page: role, second factor, password change.
pub fn account(view: &AccountView) -> Markup {
    let t = view.chrome.tr();
    let current = Input {
        kind: "password",
        autocomplete: "current-password",
        ..Input::text("current", t.t(Msg::CurrentPassword), "")
    };
    let new = Input {
        kind: "password",
        autocomplete: "new-password",
        hint: Some(t.t(Msg::PasswordRules)),
        ..Input::text("new", t.t(Msg::NewPassword), "")
    };
    let repeat = Input {
        kind: "password",
        autocomplete: "new-password",
        ..Input::text("repeat", t.t(Msg::RepeatPassword), "")
    };
    app_page(
        &view.chrome,
        t.t(Msg::Account),
        html! {
            h1 { (t.t(Msg::Account)) }
            dl.facts {
                dt { (t.t(Msg::Username)) } dd { (view.username) }
                dt { (t.t(Msg::Role)) } dd { (t.t(view.role)) }
                dt { (t.t(Msg::SecondFactor)) }
                dd {
                    @if view.has_totp { (t.t(Msg::SecondFactorOn)) } @else {
                        (t.t(Msg::SecondFactorOff)) " · " a href="/account/totp" { (t.t(Msg::SetUpSecondFactor)) }
                    }
                }
            }
            h2 { (t.t(Msg::ChangePassword)) }
            (form_error(&view.errors))
            form.stack method="post" action="/account/password" {
                (csrf_field(&view.chrome.csrf))
                (input(current, &view.errors))
                (input(new, &view.errors))
                (input(repeat, &view.errors))
                button type="submit" { (t.t(Msg::ChangePassword)) }
            }
        },
    )
}
