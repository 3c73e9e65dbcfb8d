//! The authorization matrix over HTTP: every role × every action × own or
//! other committee, plus anonymous visitors. Each cell says what the
//! server must answer: the page or the action (ok), 403, 404, or a
//! redirect to the login page.

use reqwest::StatusCode;
use strikefund::domain::role::Role;
use strikefund::journal::command::ClaimInput;
use strikefund::journal::{Command, Detail};

use crate::both_backends;
use crate::helpers::{TestApp, build};
use crate::web::{Person, people, user};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Ok,
    Forbidden,
    NotFound,
    Login,
}

/// Who asks.
#[derive(Debug, Clone, Copy)]
enum Who {
    Anonymous,
    Admin,
    Treasurer,
    Auditor,
    /// A member of `maz` (the committee the actions concern).
    OwnMember,
    /// A member of `mtz` only.
    OtherMember,
}

const WHO: [Who; 6] =
    [Who::Anonymous, Who::Admin, Who::Treasurer, Who::Auditor, Who::OwnMember, Who::OtherMember];

/// One action: a method, a path template (`{claim}`, `{open}`, `{payable}`,
/// `{proposal}`, `{user}`, `{donation}` are filled in, in the path and in
/// field values), form fields, and the expected answer per `WHO`.
struct Case {
    name: &'static str,
    post: bool,
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    expect: [Expect; 6],
}

use Expect::{Forbidden as F, Login as L, NotFound as N, Ok as O};

const CASES: &[Case] = &[
    Case { name: "start page", post: false, path: "/app", fields: &[], expect: [L, O, O, O, O, O] },
    Case { name: "committee home", post: false, path: "/c/maz", fields: &[], expect: [L, O, O, O, O, N] },
    Case {
        name: "claim page",
        post: false,
        path: "/c/maz/claims/{claim}",
        fields: &[],
        expect: [L, O, O, O, O, N],
    },
    Case {
        name: "claim of maz under mtz",
        post: false,
        path: "/c/mtz/claims/{claim}",
        fields: &[],
        expect: [L, N, N, N, N, N],
    },
    Case {
        name: "new claim form",
        post: false,
        path: "/c/maz/claims/new",
        fields: &[],
        expect: [L, F, F, F, O, N],
    },
    Case {
        name: "submit claim",
        post: true,
        path: "/c/maz/claims",
        fields: &[
            ("category", "medical"),
            ("amount", "10"),
            ("currency", "EUR"),
            ("worker", ""),
            ("notes", ""),
        ],
        expect: [L, F, F, F, O, N],
    },
    Case {
        name: "approve claim",
        post: true,
        path: "/c/maz/claims/{open}/approve",
        fields: &[],
        expect: [L, F, F, F, O, N],
    },
    Case {
        name: "reject claim",
        post: true,
        path: "/c/maz/claims/{open}/reject",
        fields: &[("reason", "no")],
        expect: [L, F, F, F, O, N],
    },
    Case {
        name: "cancel claim",
        post: true,
        path: "/c/maz/claims/{payable}/cancel",
        fields: &[("reason", "no")],
        expect: [L, F, F, F, O, N],
    },
    Case {
        name: "approve member",
        post: true,
        path: "/c/maz/proposals/{proposal}/approve",
        fields: &[],
        expect: [L, F, F, F, O, N],
    },
    Case {
        name: "payout queue",
        post: false,
        path: "/treasurer/payouts",
        fields: &[],
        expect: [L, O, O, O, F, F],
    },
    Case {
        name: "payout form",
        post: false,
        path: "/treasurer/payouts/{payable}",
        fields: &[],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "record payout",
        post: true,
        path: "/treasurer/payouts/{payable}",
        fields: &[
            ("amount", "1.00"),
            ("account", "assets:bank:lt-main"),
            ("method", "cash"),
            ("paid_on", "2020-10-01"),
            ("reference", ""),
        ],
        expect: [L, F, O, F, F, F],
    },
    Case { name: "money page", post: false, path: "/treasurer", fields: &[], expect: [L, O, O, O, F, F] },
    Case {
        name: "donation form",
        post: false,
        path: "/treasurer/donations/new",
        fields: &[],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "record donation",
        post: true,
        path: "/treasurer/donations",
        fields: &[
            ("received_on", "2020-10-01"),
            ("amount", "1.00"),
            ("currency", "EUR"),
            ("account", "assets:bank:lt-main"),
            ("reference", "MATRIX-1"),
        ],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "import form",
        post: false,
        path: "/treasurer/import",
        fields: &[],
        expect: [L, F, O, F, F, F],
    },
    Case {
        // Without a file: the treasurer is told to choose one (422), the others refused.
        name: "import upload",
        post: true,
        path: "/treasurer/import",
        fields: &[("mode", "preview")],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "exchange form",
        post: false,
        path: "/treasurer/exchanges/new",
        fields: &[],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "record exchange",
        post: true,
        path: "/treasurer/exchanges",
        fields: &[
            ("from_account", "assets:bank:lt-main"),
            ("from_amount", "1.00"),
            ("from_currency", "EUR"),
            ("to_account", "assets:bank:lt-main"),
            ("to_amount", "4.00"),
            ("to_currency", "BYN"),
        ],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "fee form",
        post: false,
        path: "/treasurer/fees/new",
        fields: &[],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "record fee",
        post: true,
        path: "/treasurer/fees",
        fields: &[("account", "assets:bank:lt-main"), ("amount", "0.01"), ("currency", "EUR")],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "reversal form",
        post: false,
        path: "/treasurer/reversals/new",
        fields: &[],
        expect: [L, F, O, F, F, F],
    },
    Case {
        name: "reverse entry",
        post: true,
        path: "/treasurer/reversals",
        fields: &[("seq", "{donation}"), ("reason", "matrix")],
        expect: [L, F, O, F, F, F],
    },
    Case { name: "admin page", post: false, path: "/admin", fields: &[], expect: [L, O, F, O, F, F] },
    Case {
        name: "admin committee page",
        post: false,
        path: "/admin/committees/maz",
        fields: &[],
        expect: [L, O, F, O, F, F],
    },
    Case {
        name: "create committee",
        post: true,
        path: "/admin/committees",
        fields: &[("slug", "new-one"), ("name", "New"), ("threshold", "2")],
        expect: [L, O, F, F, F, F],
    },
    Case {
        name: "create user",
        post: true,
        path: "/admin/users",
        fields: &[("username", "someone"), ("role", "auditor"), ("password", "a-long-enough-password")],
        expect: [L, O, F, F, F, F],
    },
    Case {
        name: "settings",
        post: true,
        path: "/admin/settings",
        fields: &[("grant_amount", "1500.00"), ("grant_currency", "EUR")],
        expect: [L, O, F, F, F, F],
    },
    Case {
        name: "allocate",
        post: true,
        path: "/admin/committees/maz/allocations",
        fields: &[("amount", "1.00"), ("currency", "EUR")],
        expect: [L, O, F, F, F, F],
    },
    Case {
        name: "add member",
        post: true,
        path: "/admin/committees/maz/members",
        fields: &[("username", "spare")],
        expect: [L, O, F, F, F, F],
    },
    Case {
        name: "remove member",
        post: true,
        path: "/admin/committees/maz/members/{user}/remove",
        fields: &[],
        expect: [L, O, F, F, F, F],
    },
];

/// Ids the paths refer to; made fresh for each row so that allowed actions find work to do.
struct Fixture {
    claim: String,
    open: String,
    payable: String,
    proposal: String,
    user: String,
    /// The seq of a donation nobody has reversed yet.
    donation: String,
}

async fn claim(app: &TestApp, submitter: &str, amount: &str) -> String {
    let input = ClaimInput {
        committee: build::slug("maz"),
        worker: None,
        category: strikefund::domain::claim::Category::Medical,
        money: build::money(amount, "EUR"),
        notes: String::new(),
    };
    match app.submit_as(submitter, Command::SubmitClaim(input)).await.unwrap().detail {
        Detail::Claim { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

async fn fixture(app: &TestApp, members: &[String], n: usize) -> Fixture {
    let claim_id = claim(app, &members[0], "10.00").await;
    let open = claim(app, &members[0], "10.00").await;
    let payable = claim(app, &members[0], "10.00").await;
    for approver in &members[1..3] {
        app.submit_as(approver, Command::ApproveClaim { claim: payable.clone() }).await.unwrap();
    }
    let newcomer = user(app, &format!("newcomer-{n}"), Role::Member).await;
    let proposed = app
        .submit_as(
            &app_admin(app).await,
            Command::AddMember { committee: build::slug("maz"), user_id: newcomer },
        )
        .await;
    let proposal = match proposed.unwrap().detail {
        Detail::MemberProposed { proposal, .. } => proposal,
        other => panic!("{other:?}"),
    };
    let extra = user(app, &format!("extra-{n}"), Role::Member).await;
    app.submit(Command::AddMember { committee: build::slug("maz"), user_id: extra.clone() }).await.unwrap();
    let donation = strikefund::journal::command::DonationInput {
        money: build::money("1.00", "EUR"),
        received_on: build::date("2020-09-01"),
        account: build::account("assets:bank:lt-main"),
        earmark: None,
        reference: format!("MATRIX-FIXTURE-{n}"),
        donor: None,
        idempotency_key: None,
    };
    let donation =
        app.submit(Command::RecordDonation(donation)).await.unwrap().last().unwrap().seq.to_string();
    Fixture { claim: claim_id, open, payable, proposal, user: extra, donation }
}

async fn app_admin(app: &TestApp) -> String {
    strikefund::store::users::by_username(&app.state.db.pool, "admin").await.unwrap().unwrap().id
}

fn fill(path: &str, f: &Fixture) -> String {
    path.replace("{claim}", &f.claim)
        .replace("{open}", &f.open)
        .replace("{payable}", &f.payable)
        .replace("{proposal}", &f.proposal)
        .replace("{user}", &f.user)
        .replace("{donation}", &f.donation)
}

fn outcome(status: StatusCode, location: &str) -> Expect {
    match status {
        StatusCode::FORBIDDEN => Expect::Forbidden,
        StatusCode::NOT_FOUND => Expect::NotFound,
        StatusCode::SEE_OTHER if location.starts_with("/login") => Expect::Login,
        s if s.is_success()
            || s.is_redirection()
            || s == StatusCode::CONFLICT
            || s == StatusCode::UNPROCESSABLE_ENTITY =>
        {
            Expect::Ok
        }
        other => panic!("unexpected status {other}"),
    }
}

async fn person(app: &TestApp, who: Who) -> Person {
    let mut person = Person::new(app);
    let username = match who {
        Who::Anonymous => return person,
        Who::Admin => "admin",
        Who::Treasurer => "treasurer",
        Who::Auditor => "auditor",
        Who::OwnMember => "maz-2",
        Who::OtherMember => "mtz-1",
    };
    person.login(username).await;
    person
}

both_backends!(every_role_gets_what_the_policy_says_for_every_action, |app| async move {
    let fund = app.small_fund("5000.00").await;
    app.submit(Command::Allocate { committee: build::slug("maz"), money: build::money("3000.00", "EUR") })
        .await
        .unwrap();
    let command =
        Command::CreateCommittee { slug: build::slug("mtz"), name: "MTZ".into(), public: true, threshold: 2 };
    app.submit(command).await.unwrap();
    people(&app).await;
    let other = user(&app, "mtz-1", Role::Member).await;
    app.submit(Command::AddMember { committee: build::slug("mtz"), user_id: other }).await.unwrap();
    user(&app, "spare", Role::Member).await;
    let mut failures = Vec::new();
    for (column, who) in WHO.iter().enumerate() {
        let fixture = fixture(&app, &fund.members, column).await;
        let mut person = person(&app, *who).await;
        for case in CASES {
            let path = fill(case.path, &fixture);
            let page = if case.post {
                person.get("/app").await;
                let fields: Vec<(&str, String)> =
                    case.fields.iter().map(|(k, v)| (*k, fill(v, &fixture))).collect();
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                person.post(&path, &fields).await
            } else {
                person.get(&path).await
            };
            let got = outcome(page.status, page.redirected_to());
            if got != case.expect[column] {
                failures.push(format!(
                    "{who:?} {}: expected {:?}, got {got:?} ({})",
                    case.name, case.expect[column], page.status
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
});

both_backends!(a_post_without_a_valid_csrf_token_is_refused_and_changes_nothing, |app| async move {
    let fund = app.small_fund("5000.00").await;
    people(&app).await;
    let open = claim(&app, &fund.members[0], "10.00").await;
    let mut person = Person::new(&app);
    person.login("maz-2").await;
    let before = app.head_seq().await;
    let path = format!("/c/maz/claims/{open}/approve");
    for form in
        [vec![], vec![("csrf".to_string(), "0".repeat(64))], vec![("csrf".to_string(), String::new())]]
    {
        let page = person.post_raw(&path, &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{form:?}");
        assert!(page.body.contains("Nothing was changed"), "{}", page.body);
    }
    // Another user's token does not work either.
    let mut other = Person::new(&app);
    other.login("maz-3").await;
    let page = person.post_raw(&path, &[("csrf".to_string(), other.csrf.clone())]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.head_seq().await, before, "nothing was journaled");
    // The login form has its own token.
    let mut anonymous = Person::new(&app);
    let login = [("username", "maz-2"), ("password", crate::web::PASSWORD)];
    let login: Vec<(String, String)> = login.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(anonymous.post_raw("/login", &login).await.status, StatusCode::FORBIDDEN);
});

both_backends!(a_member_cannot_reach_another_committees_claims_by_url, |app| async move {
    let fund = app.small_fund("5000.00").await;
    people(&app).await;
    let command = Command::CreateCommittee {
        slug: build::slug("mtz"),
        name: "MTZ".into(),
        public: false,
        threshold: 2,
    };
    app.submit(command).await.unwrap();
    let other = user(&app, "mtz-1", Role::Member).await;
    app.submit(Command::AddMember { committee: build::slug("mtz"), user_id: other }).await.unwrap();
    let input = ClaimInput {
        committee: build::slug("maz"),
        worker: None,
        category: strikefund::domain::claim::Category::Medical,
        money: build::money("10.00", "EUR"),
        notes: String::new(),
    };
    let (open, worker) =
        match app.submit_as(&fund.members[0], Command::SubmitClaim(input)).await.unwrap().detail {
            Detail::Claim { id, worker } => (id, worker),
            other => panic!("{other:?}"),
        };
    let mut outsider = Person::new(&app);
    outsider.login("mtz-1").await;
    for path in [
        "/c/maz".to_string(),
        format!("/c/maz/claims/{open}"),
        format!("/c/mtz/claims/{open}"),
        "/c/nope".to_string(),
    ] {
        let page = outsider.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        // A random token on the page may contain "W-" by chance; the worker's own pseudonym must not appear.
        assert!(!page.body.contains(&worker), "{path} names the worker");
        assert!(!page.body.contains(&open) || path.contains(&open), "{path}");
    }
    let before = app.head_seq().await;
    outsider.get("/app").await;
    let page = outsider.post(&format!("/c/maz/claims/{open}/approve"), &[]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(app.head_seq().await, before);
    let start = outsider.get("/app").await;
    assert!(!start.body.contains("MAZ strike committee"), "other committees are not listed");
});
