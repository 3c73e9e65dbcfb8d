//! The committee dashboard over HTTP: every state transition of a claim,
//! the envelope refusal, N-of-M membership, concurrency, and languages.

use reqwest::StatusCode;
use strikefund::journal::Command;

use crate::both_backends;
use crate::helpers::{TestApp, build};
use crate::web::{Person, claim_id, claim_state, entries_of_kind, form_token_of, people, send_payout};

async fn fund(app: &TestApp, allocated: &str) {
    app.small_fund("5000.00").await;
    let command = Command::Allocate { committee: build::slug("maz"), money: build::money(allocated, "EUR") };
    app.submit(command).await.unwrap();
    people(app).await;
}

/// Logs in a member of maz (maz-1, maz-2, maz-3).
async fn member(app: &TestApp, n: u32) -> Person {
    let mut person = Person::new(app);
    person.login(&format!("maz-{n}")).await;
    person
}

async fn submit(person: &mut Person, amount: &str) -> String {
    person.get("/c/maz/claims/new").await;
    let fields =
        [("worker", ""), ("category", "dismissal"), ("amount", amount), ("currency", "EUR"), ("notes", "")];
    let page = person.post("/c/maz/claims", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    claim_id(page.redirected_to())
}

async fn approve(person: &mut Person, claim: &str) -> crate::web::Page {
    person.get(&format!("/c/maz/claims/{claim}")).await;
    person.post(&format!("/c/maz/claims/{claim}/approve"), &[]).await
}

both_backends!(a_claim_goes_from_submitted_to_paid_through_the_pages, |app| async move {
    fund(&app, "3000.00").await;
    let (mut first, mut second, mut third) =
        (member(&app, 1).await, member(&app, 2).await, member(&app, 3).await);
    let form = first.get("/c/maz/claims/new").await;
    assert!(form.body.contains("value=\"1500.00\""), "the dismissal grant is the default amount");
    let claim = submit(&mut first, "1500").await;
    let page = first.get(&format!("/c/maz/claims/{claim}")).await;
    assert!(page.body.contains("Claim submitted") || page.body.contains(&claim), "{}", page.body);
    assert_eq!(claim_state(&app, &claim).await, "submitted");

    // The submitter's own approval is refused and journaled as denied.
    let own = approve(&mut first, &claim).await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    assert_eq!(entries_of_kind(&app, "claim_approval_denied").await, 1);
    let page = first.get(&format!("/c/maz/claims/{claim}")).await;
    assert!(page.body.contains("the member who submitted a claim cannot approve it"), "{}", page.body);
    assert!(page.body.contains("Approval refused"));

    approve(&mut second, &claim).await;
    assert_eq!(claim_state(&app, &claim).await, "submitted");
    approve(&mut third, &claim).await;
    assert_eq!(claim_state(&app, &claim).await, "approved");
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -150_000);
    let home = first.get("/c/maz").await;
    assert!(
        home.body.contains("<td class=\"num reserved\">1,500.00</td>"),
        "reserved shows on the committee page"
    );

    // The treasurer pays in two installments.
    let mut treasurer = Person::new(&app);
    treasurer.login("treasurer").await;
    let queue = treasurer.get("/treasurer/payouts").await;
    assert!(queue.body.contains(&claim));
    let pay = |amount: &'static str| {
        [
            ("amount", amount),
            ("account", "assets:bank:lt-main"),
            ("method", "card"),
            ("paid_on", "2020-10-01"),
            ("reference", "REF-CANARY-1"),
        ]
    };
    let (page, token) = send_payout(&mut treasurer, &claim, &pay("500.00")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(claim_state(&app, &claim).await, "partially_paid");
    // The same form sent again (a double tap, a retried request) pays nothing more.
    let mut again = pay("500.00").to_vec();
    again.push(("form_token", &token));
    let page = treasurer.post(&format!("/treasurer/payouts/{claim}"), &again).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("This form was already sent"), "{}", page.body);
    assert_eq!(entries_of_kind(&app, "payout").await, 1);
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -100_000);
    let (too_much, _) = send_payout(&mut treasurer, &claim, &pay("1000.01")).await;
    assert_eq!(too_much.status, StatusCode::CONFLICT);
    assert!(
        too_much.body.contains("exceeds what remains reserved for the claim (1,000.00 EUR)"),
        "{}",
        too_much.body
    );
    send_payout(&mut treasurer, &claim, &pay("1000.00")).await;
    assert_eq!(claim_state(&app, &claim).await, "paid");
    let home = first.get("/c/maz").await;
    assert!(home.body.contains("<td class=\"num paid\">1,500.00</td>"), "{}", home.body);
    assert!(home.body.contains("<td class=\"num available\">1,500.00</td>"), "{}", home.body);
    let export = app.get_text("/export/journal.jsonl").await;
    assert!(!export.contains("REF-CANARY-1"), "the payout reference is sealed");
});

both_backends!(rejecting_and_cancelling_through_the_pages, |app| async move {
    fund(&app, "3000.00").await;
    let (mut first, mut second, mut third) =
        (member(&app, 1).await, member(&app, 2).await, member(&app, 3).await);
    let rejected = submit(&mut first, "200").await;
    second.get(&format!("/c/maz/claims/{rejected}")).await;
    let empty = second.post(&format!("/c/maz/claims/{rejected}/reject"), &[("reason", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"reason-error\""), "the error is next to the field: {}", empty.body);
    let page = second
        .post(&format!("/c/maz/claims/{rejected}/reject"), &[("reason", "Covered by another fund")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(claim_state(&app, &rejected).await, "rejected");

    let cancelled = submit(&mut first, "300").await;
    approve(&mut second, &cancelled).await;
    approve(&mut third, &cancelled).await;
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -30_000);
    third.get(&format!("/c/maz/claims/{cancelled}")).await;
    let page =
        third.post(&format!("/c/maz/claims/{cancelled}/cancel"), &[("reason", "Worker withdrew")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(claim_state(&app, &cancelled).await, "cancelled");
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, 0);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -300_000);
    let export = app.get_text("/export/journal.jsonl").await;
    assert!(!export.contains("Covered by another fund") && !export.contains("Worker withdrew"));
});

both_backends!(an_approval_the_envelope_cannot_cover_says_what_is_missing, |app| async move {
    fund(&app, "1200.00").await;
    let (mut first, mut second, mut third) =
        (member(&app, 1).await, member(&app, 2).await, member(&app, 3).await);
    let claim = submit(&mut first, "1500.00").await;
    approve(&mut second, &claim).await;
    let before = app.head_seq().await;
    let page = approve(&mut third, &claim).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("available 1,200.00 EUR, needed 1,500.00 EUR"), "{}", page.body);
    assert_eq!(app.head_seq().await, before, "nothing was written");
    assert_eq!(claim_state(&app, &claim).await, "submitted");
});

both_backends!(bad_claim_input_is_refused_next_to_the_field, |app| async move {
    fund(&app, "3000.00").await;
    let mut first = member(&app, 1).await;
    first.get("/c/maz/claims/new").await;
    let before = app.head_seq().await;
    for (field, value, expect) in [
        ("amount", "10.005", "at most 2 decimals"),
        ("amount", "-5", "a number like 1500"),
        ("amount", "0", "more than zero"),
        ("currency", "XXX", "Choose one of the options"),
        ("category", "bribes", "Choose one of the options"),
        ("worker", "Ivan Ivanov", "A pseudonym looks like"),
        ("worker", "W-0000-00", "no worker with this pseudonym"),
    ] {
        let mut fields = vec![
            ("worker", ""),
            ("category", "dismissal"),
            ("amount", "100"),
            ("currency", "EUR"),
            ("notes", ""),
        ];
        fields.retain(|(f, _)| *f != field);
        fields.push((field, value));
        let page = first.post("/c/maz/claims", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(page.body.contains(expect), "{field}={value}: {}", page.body);
        assert!(!page.body.contains("Ivan Ivanov") || field == "worker", "input is echoed only in its field");
    }
    assert_eq!(app.head_seq().await, before, "nothing was written");
});

both_backends!(sixty_four_concurrent_approvals_over_http_reserve_once, |app| async move {
    fund(&app, "3000.00").await;
    let mut first = member(&app, 1).await;
    let claim = submit(&mut first, "1500.00").await;
    let mut people = Vec::new();
    for n in [2, 3] {
        let mut person = member(&app, n).await;
        person.get(&format!("/c/maz/claims/{claim}")).await;
        people.push(person);
    }
    let mut tasks = Vec::new();
    for n in 0..64 {
        let person = &people[n % 2];
        let (client, base, csrf) = (person.client.clone(), person.base.clone(), person.csrf.clone());
        let path = format!("{base}/c/maz/claims/{claim}/approve");
        tasks.push(tokio::spawn(async move {
            client.post(path).form(&[("csrf", csrf)]).send().await.unwrap().status()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(status == StatusCode::SEE_OTHER, "every approval is answered: {status}");
    }
    assert_eq!(entries_of_kind(&app, "claim_approved").await, 1);
    assert_eq!(entries_of_kind(&app, "claim_approval").await, 2);
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -150_000);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -150_000);
});

both_backends!(two_concurrent_payouts_over_http_beyond_the_reserve_pay_once, |app| async move {
    fund(&app, "3000.00").await;
    let (mut first, mut second, mut third) =
        (member(&app, 1).await, member(&app, 2).await, member(&app, 3).await);
    let claim = submit(&mut first, "1500.00").await;
    approve(&mut second, &claim).await;
    approve(&mut third, &claim).await;
    let mut treasurer = Person::new(&app);
    treasurer.login("treasurer").await;
    // Two forms opened side by side: each has its own one-time token.
    let path = format!("/treasurer/payouts/{claim}");
    let first_token = form_token_of(&treasurer.get(&path).await.body);
    let second_token = form_token_of(&treasurer.get(&path).await.body);
    let fields = [
        ("amount", "1000.00"),
        ("account", "assets:bank:lt-main"),
        ("method", "bank_transfer"),
        ("paid_on", "2020-10-01"),
        ("reference", ""),
    ];
    let mut first_form = fields.to_vec();
    first_form.push(("form_token", &first_token));
    let mut second_form = fields.to_vec();
    second_form.push(("form_token", &second_token));
    let mut a = Person {
        client: treasurer.client.clone(),
        jar: treasurer.jar.clone(),
        base: treasurer.base.clone(),
        csrf: treasurer.csrf.clone(),
    };
    let (one, two) = tokio::join!(a.post(&path, &first_form), treasurer.post(&path, &second_form));
    let mut statuses = [one.status, two.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let refusal = if one.status == StatusCode::CONFLICT { one } else { two };
    assert!(
        refusal
            .body
            .contains("a payout of 1,000.00 EUR exceeds what remains reserved for the claim (500.00 EUR)"),
        "{}",
        refusal.body
    );
    assert_eq!(entries_of_kind(&app, "payout").await, 1);
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -50_000);
});

both_backends!(a_full_committee_adds_a_member_only_with_n_approvals, |app| async move {
    fund(&app, "3000.00").await;
    crate::web::user(&app, "maz-4", strikefund::domain::role::Role::Member).await;
    let mut admin = Person::new(&app);
    admin.login("admin").await;
    admin.get("/admin/committees/maz").await;
    let page = admin.post("/admin/committees/maz/members", &[("username", "maz-4")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(entries_of_kind(&app, "member_proposed").await, 1);
    let mut newcomer = Person::new(&app);
    newcomer.login("maz-4").await;
    assert_eq!(newcomer.get("/c/maz").await.status, StatusCode::NOT_FOUND, "not a member yet");

    let mut first = member(&app, 1).await;
    let home = first.get("/c/maz").await;
    assert!(home.body.contains("maz-4"), "members see the proposal");
    let action = home.body.split("action=\"").find(|s| s.starts_with("/c/maz/proposals/")).unwrap();
    let action = action.split('"').next().unwrap().to_string();
    first.post(&action, &[]).await;
    let again = first.post(&action, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(newcomer.get("/c/maz").await.status, StatusCode::NOT_FOUND, "one approval is not enough");
    let mut second = member(&app, 2).await;
    second.get("/c/maz").await;
    second.post(&action, &[]).await;
    assert_eq!(newcomer.get("/c/maz").await.status, StatusCode::OK, "two approvals add the member");
    assert_eq!(entries_of_kind(&app, "member_approval").await, 2);
    let export = app.get_text("/export/journal.jsonl").await;
    assert!(export.lines().last().unwrap().contains("\"kind\":\"member_added\""));
});

both_backends!(pages_speak_belarusian_russian_and_english, |app| async move {
    fund(&app, "3000.00").await;
    for (accept, login_word, committee_word) in [
        ("be-BY,be;q=0.9", "Увайсці", "Грошы"),
        ("ru-RU,ru;q=0.9", "Войти", "Деньги"),
        ("en-GB", "Log in", "Money"),
    ] {
        let mut person = Person::with_language(&app, accept);
        let login = person.get("/login").await;
        assert!(login.body.contains(login_word), "{accept}: {}", login.body);
        person.login("maz-1").await;
        let home = person.get("/c/maz").await;
        assert!(home.body.contains(committee_word), "{accept}");
    }
    // The switch is remembered over Accept-Language.
    let mut person = Person::with_language(&app, "en");
    let switched = person.get("/lang/be?next=/login").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.redirected_to(), "/login");
    assert!(person.get("/login").await.body.contains("lang=\"be\""));
    let away = person.get("/lang/ru?next=//evil.example/").await;
    assert_eq!(away.redirected_to(), "/app", "the switch only goes back to local pages");
});
