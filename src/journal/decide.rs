//! Deciding a command: read the current state, apply the domain rules, and
//! produce a plan of entries to append. Deciding never writes; the writer
//! applies the plan only when every check passed, so a refused command
//! leaves no trace but its error.

use serde_json::{Value, json};
use sqlx::AnyConnection;
use strikefund_audit::{Entry, Hash};

use super::command::{
    Actor, Appended, ClaimInput, Command, CommandError, Detail, DonationInput, EntryRef, ExchangeInput,
    NAME_CHARS_MAX, PayoutInput, TEXT_CHARS_MAX, THRESHOLD_MAX, check_text,
};
use super::kind::Kind;
use super::projector::{self, Cache, Deltas};
use super::writer::body;
use crate::domain::claim::{ApprovalDecision, ApprovalFacts, ClaimState, DenialReason, decide_approval};
use crate::domain::ids;
use crate::domain::worker::{ErasureReason, Person};
use crate::domain::{AccountPath, Currency, Money, Posting, Slug, Transaction};

/// Reads the state a decision depends on, inside the writer's transaction.
pub struct Reader<'a> {
    pub conn: &'a mut AnyConnection,
    pub cache: &'a mut Cache,
    /// What earlier requests of the batch wrote but did not yet flush.
    pub deltas: &'a mut Deltas,
}

#[derive(Debug)]
pub enum DecideError {
    Command(CommandError),
    Store(sqlx::Error),
}

impl<E: Into<CommandError>> From<E> for DecideError {
    fn from(error: E) -> DecideError {
        DecideError::Command(error.into())
    }
}

fn store(error: sqlx::Error) -> DecideError {
    DecideError::Store(error)
}

/// The private part of an entry: fields kept off the chain, committed to by
/// `sealed`. The writer encrypts salt and fields before they are stored.
pub struct SealedPart {
    pub salt: [u8; 32],
    pub fields: Value,
    pub commitment: Hash,
}

/// Seals private fields under a fresh random salt.
pub fn seal(fields: Value) -> SealedPart {
    let salt = ids::random_bytes::<32>();
    let commitment =
        strikefund_audit::seal::commitment(&salt, &fields).expect("private fields hold no floats");
    SealedPart { salt, fields, commitment }
}

pub struct NewEntry {
    pub kind: Kind,
    pub body: serde_json::Map<String, Value>,
    pub sealed: Option<SealedPart>,
}

impl NewEntry {
    fn new(kind: Kind, body: serde_json::Map<String, Value>) -> NewEntry {
        NewEntry { kind, body, sealed: None }
    }

    fn sealed(mut self, fields: Value) -> NewEntry {
        self.sealed = Some(seal(fields));
        self
    }
}

/// Records kept off the chain, written with the plan's entries.
pub enum SideWrite {
    CommitteeName {
        key: String,
        slug: String,
        name: String,
    },
    /// Remembers the request behind the plan's last entry.
    Idempotency {
        key_digest: String,
        request_digest: String,
    },
    /// A new worker's identity document number, normalized; the writer
    /// stores only its keyed digest.
    Identity {
        pseudonym: String,
        document: String,
    },
    /// Deletes a worker's sealed records and identity digest.
    Erase {
        pseudonym: String,
    },
}

pub struct Plan {
    pub entries: Vec<NewEntry>,
    pub side: Vec<SideWrite>,
    pub detail: Detail,
}

impl Plan {
    fn one(entry: NewEntry, detail: Detail) -> Plan {
        Plan { entries: vec![entry], side: Vec::new(), detail }
    }

    /// True when carrying out the plan needs the data key: it seals
    /// private data or stores an identity digest.
    pub fn needs_data_key(&self) -> bool {
        self.entries.iter().any(|e| e.sealed.is_some())
            || self.side.iter().any(|s| matches!(s, SideWrite::Identity { .. }))
    }
}

pub enum Decision {
    Append(Plan),
    /// The same request was already recorded: answer with what it produced.
    Existing(Appended),
}

/// A committee as the writer sees it.
pub struct CommitteeRecord {
    pub key: String,
    pub threshold: u32,
}

/// A claim as the writer sees it.
pub struct ClaimRecord {
    pub committee: String,
    pub worker: String,
    pub money: Money,
    pub paid: Money,
    pub state: ClaimState,
    pub approvals: u32,
    pub submitted_by: String,
}

impl Reader<'_> {
    pub async fn balance(&mut self, account: &str, currency: Currency) -> Result<i64, sqlx::Error> {
        projector::balance(self.conn, self.cache, account, currency.code()).await
    }

    async fn committee(&mut self, slug: &Slug) -> Result<CommitteeRecord, DecideError> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT c.key, c.threshold FROM committee_names n JOIN committees c ON c.key = n.key \
             WHERE n.slug = $1",
        )
        .bind(slug.as_str())
        .fetch_optional(&mut *self.conn)
        .await
        .map_err(store)?;
        let (key, threshold) = row.ok_or_else(|| CommandError::CommitteeUnknown(slug.to_string()))?;
        Ok(CommitteeRecord { key, threshold: threshold as u32 })
    }

    async fn committee_threshold(&mut self, key: &str) -> Result<u32, DecideError> {
        let threshold: i64 = sqlx::query_scalar("SELECT threshold FROM committees WHERE key = $1")
            .bind(key)
            .fetch_one(&mut *self.conn)
            .await
            .map_err(store)?;
        Ok(threshold as u32)
    }

    async fn is_member(&mut self, committee: &str, user: &str) -> Result<bool, DecideError> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT user_id FROM members WHERE committee = $1 AND user_id = $2")
                .bind(committee)
                .bind(user)
                .fetch_optional(&mut *self.conn)
                .await
                .map_err(store)?;
        Ok(found.is_some())
    }

    async fn exists(&mut self, sql: &'static str, value: &str) -> Result<bool, DecideError> {
        let found: Option<String> =
            sqlx::query_scalar(sql).bind(value).fetch_optional(&mut *self.conn).await.map_err(store)?;
        Ok(found.is_some())
    }

    async fn claim(&mut self, id: &str) -> Result<ClaimRecord, DecideError> {
        type Row = (String, String, String, i64, i64, String, i64, String);
        let row: Option<Row> = sqlx::query_as(
            "SELECT committee, worker, currency, amount, paid, state, approvals, submitted_by \
             FROM claims WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.conn)
        .await
        .map_err(store)?;
        let (committee, worker, currency, amount, paid, state, approvals, submitted_by) =
            row.ok_or_else(|| CommandError::ClaimUnknown(id.chars().take(32).collect()))?;
        let currency = Currency::parse(&currency)?;
        let state = ClaimState::parse(&state).ok_or_else(|| {
            DecideError::Store(sqlx::Error::Protocol(format!("claim {id} has an unknown state")))
        })?;
        Ok(ClaimRecord {
            committee,
            worker,
            money: Money::from_minor(amount, currency),
            paid: Money::from_minor(paid, currency),
            state,
            approvals: approvals as u32,
            submitted_by,
        })
    }

    async fn entry(&mut self, seq: u64) -> Result<Option<(Entry, Hash)>, DecideError> {
        self.deltas.rows.write(self.conn).await.map_err(store)?;
        projector::load_entry(self.conn, seq).await.map_err(store)
    }

    /// The request digest and seq recorded under an idempotency key, if any.
    async fn idempotency(&mut self, key_digest: &str) -> Result<Option<(String, i64)>, DecideError> {
        if let Some(known) = self.deltas.rows.known_idempotency(key_digest) {
            return Ok(known);
        }
        sqlx::query_as("SELECT request_digest, seq FROM idempotency WHERE key_digest = $1")
            .bind(key_digest)
            .fetch_optional(&mut *self.conn)
            .await
            .map_err(store)
    }
}

/// Decides one command.
pub async fn decide(command: &Command, actor: &Actor, r: &mut Reader<'_>) -> Result<Decision, DecideError> {
    let plan = match command {
        Command::OpenAccount { account, currencies } => open_account(account, currencies, r).await?,
        Command::CreateCommittee { slug, name, public, threshold } => {
            create_committee(slug, name, *public, *threshold, r).await?
        }
        Command::AddMember { committee, user_id } => add_member(committee, user_id, actor, r).await?,
        Command::RemoveMember { committee, user_id } => remove_member(committee, user_id, r).await?,
        Command::ApproveMember { proposal } => approve_member(proposal, actor, r).await?,
        Command::RecordDonation(input) => return donation(input, r).await,
        Command::Allocate { committee, money } => allocate(committee, *money, r).await?,
        Command::SubmitClaim(input) => submit_claim(input, None, r).await?,
        Command::SubmitNewWorkerClaim { claim, person } => submit_claim(claim, Some(person), r).await?,
        Command::ApproveClaim { claim } => approve_claim(claim, None, actor, r).await?,
        Command::ApproveClaimOverride { claim, reason } => {
            approve_claim(claim, Some(reason), actor, r).await?
        }
        Command::RejectClaim { claim, reason } => reject_claim(claim, reason, r).await?,
        Command::CancelClaim { claim, reason } => cancel_claim(claim, reason, r).await?,
        Command::RecordPayout(input) => payout(input, r).await?,
        Command::Exchange(input) => exchange(input, r).await?,
        Command::Fee { account, money } => fee(account, *money)?,
        Command::Reverse { seq, reason } => reverse(*seq, reason, r).await?,
        Command::Checkpoint { signer } => checkpoint(signer, r)?,
        Command::RecordRepair { through } => {
            let fields = body([("action", json!("rebuild_projections")), ("through", json!(through))]);
            Plan::one(NewEntry::new(Kind::Repair, fields), Detail::None)
        }
        Command::EraseWorker { worker, reason } => erase_worker(worker, *reason, r).await?,
    };
    Ok(Decision::Append(plan))
}

async fn open_account(
    account: &AccountPath,
    currencies: &[Currency],
    r: &mut Reader<'_>,
) -> Result<Plan, DecideError> {
    if !account.is_holding() || currencies.is_empty() {
        return Err(CommandError::AccountNotOpen(account.to_string()).into());
    }
    let held = r.cache.accounts.get(account.as_str());
    if let Some(currency) = currencies.iter().find(|c| held.is_some_and(|h| h.contains(c.code()))) {
        let account = account.to_string();
        return Err(CommandError::AccountAlreadyOpen { account, currency: *currency }.into());
    }
    let codes: Vec<&str> = currencies.iter().map(|c| c.code()).collect();
    let body = body([("account", json!(account.as_str())), ("currencies", json!(codes))]);
    Ok(Plan::one(NewEntry::new(Kind::AccountOpened, body), Detail::None))
}

async fn create_committee(
    slug: &Slug,
    name: &str,
    public: bool,
    threshold: u32,
    r: &mut Reader<'_>,
) -> Result<Plan, DecideError> {
    check_text("name", name, NAME_CHARS_MAX, true)?;
    if !(1..=THRESHOLD_MAX).contains(&threshold) {
        return Err(CommandError::ThresholdOutOfRange.into());
    }
    let taken = r.exists("SELECT key FROM committee_names WHERE slug = $1", slug.as_str()).await?
        || r.exists("SELECT key FROM committees WHERE key = $1", slug.as_str()).await?;
    if taken {
        return Err(CommandError::CommitteeExists(slug.to_string()).into());
    }
    // A committee that is not public is named on the chain by an opaque key,
    // so that the public export does not say it exists.
    let key = if public { slug.to_string() } else { ids::new_committee_key() };
    let mut fields =
        vec![("committee", json!(key)), ("public", json!(public)), ("threshold", json!(threshold))];
    if public {
        fields.push(("name", json!(name)));
    }
    let side = SideWrite::CommitteeName { key: key.clone(), slug: slug.to_string(), name: name.to_string() };
    Ok(Plan {
        entries: vec![NewEntry::new(Kind::CommitteeCreated, body(fields))],
        side: vec![side],
        detail: Detail::Committee { key },
    })
}

/// Adds a member directly while the committee has fewer members than its
/// threshold; after that, a user's request becomes a proposal that N
/// existing members must approve, so that one compromised account cannot
/// add a second account to approve its own claims. The `system` actor (the
/// CLI on the server, whose operator holds the database anyway) adds directly.
async fn add_member(
    committee: &Slug,
    user_id: &str,
    actor: &Actor,
    r: &mut Reader<'_>,
) -> Result<Plan, DecideError> {
    let committee = r.committee(committee).await?;
    if !r.exists("SELECT id FROM users WHERE id = $1", user_id).await? {
        return Err(CommandError::UserUnknown(user_id.chars().take(32).collect()).into());
    }
    if r.is_member(&committee.key, user_id).await? {
        return Err(CommandError::AlreadyMember.into());
    }
    let members: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM members WHERE committee = $1")
            .bind(&committee.key)
            .fetch_one(&mut *r.conn)
            .await
            .map_err(store)?;
    if actor.is_system() || members < i64::from(committee.threshold) {
        let body = body([("committee", json!(committee.key)), ("member", json!(user_id))]);
        return Ok(Plan::one(NewEntry::new(Kind::MemberAdded, body), Detail::None));
    }
    let open: Option<String> = sqlx::query_scalar(
        "SELECT id FROM member_proposals WHERE committee = $1 AND user_id = $2 AND state = 'open'",
    )
    .bind(&committee.key)
    .bind(user_id)
    .fetch_optional(&mut *r.conn)
    .await
    .map_err(store)?;
    if open.is_some() {
        return Err(CommandError::AlreadyProposed.into());
    }
    let proposal = ids::new_proposal_id();
    let fields = body([
        ("committee", json!(committee.key)),
        ("member", json!(user_id)),
        ("proposal", json!(proposal)),
    ]);
    let detail = Detail::MemberProposed { proposal, threshold: committee.threshold };
    Ok(Plan::one(NewEntry::new(Kind::MemberProposed, fields), detail))
}

async fn remove_member(committee: &Slug, user_id: &str, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    let committee = r.committee(committee).await?;
    if !r.is_member(&committee.key, user_id).await? {
        return Err(CommandError::NotAMember.into());
    }
    let body = body([("committee", json!(committee.key)), ("member", json!(user_id))]);
    Ok(Plan::one(NewEntry::new(Kind::MemberRemoved, body), Detail::None))
}

/// One existing member's approval of a membership proposal; the approval
/// that reaches the committee's threshold also adds the member.
async fn approve_member(proposal: &str, actor: &Actor, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    let row: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT committee, user_id, state, approvals FROM member_proposals WHERE id = $1")
            .bind(proposal)
            .fetch_optional(&mut *r.conn)
            .await
            .map_err(store)?;
    let (committee, user_id, state, approvals) =
        row.ok_or_else(|| CommandError::ProposalUnknown(proposal.chars().take(32).collect()))?;
    if state != "open" {
        return Err(CommandError::ProposalNotOpen.into());
    }
    if !r.is_member(&committee, actor.as_str()).await? {
        return Err(CommandError::NotAMember.into());
    }
    let already: Option<String> = sqlx::query_scalar(
        "SELECT user_id FROM member_proposal_approvals WHERE proposal = $1 AND user_id = $2",
    )
    .bind(proposal)
    .bind(actor.as_str())
    .fetch_optional(&mut *r.conn)
    .await
    .map_err(store)?;
    if already.is_some() {
        return Err(CommandError::ProposalAlreadyApproved.into());
    }
    let threshold = r.committee_threshold(&committee).await?;
    let approvals = u32::try_from(approvals).unwrap_or(u32::MAX).saturating_add(1);
    let approval = NewEntry::new(
        Kind::MemberApproval,
        body([
            ("proposal", json!(proposal)),
            ("approvals", json!(approvals)),
            ("threshold", json!(threshold)),
        ]),
    );
    let added = approvals >= threshold;
    let mut entries = vec![approval];
    if added {
        if r.is_member(&committee, &user_id).await? {
            return Err(CommandError::AlreadyMember.into());
        }
        let fields = body([
            ("committee", json!(committee)),
            ("member", json!(user_id)),
            ("proposal", json!(proposal)),
        ]);
        entries.push(NewEntry::new(Kind::MemberAdded, fields));
    }
    Ok(Plan { entries, side: Vec::new(), detail: Detail::MemberApproval { approvals, threshold, added } })
}

fn digest(parts: &[&str]) -> String {
    let joined = parts.join("\n");
    Hash::sha256(&[b"strikefund-idempotency-v1\n", joined.as_bytes()]).to_hex()
}

/// What identifies a donation request (`key_digest`: the idempotency key, or
/// else account + reference) and what it asked for (`request_digest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonationDigests {
    pub key_digest: String,
    pub request_digest: String,
}

/// The digests under which a donation is remembered in the `idempotency`
/// table; importers use them to find rows already recorded.
pub fn donation_digests(input: &DonationInput) -> DonationDigests {
    let key_digest = match &input.idempotency_key {
        Some(key) => digest(&["key", key]),
        None => digest(&["reference", input.account.as_str(), &input.reference]),
    };
    let request = json!({
        "amount": input.money.amount_text(),
        "currency": input.money.currency().code(),
        "received_on": input.received_on.to_string(),
        "account": input.account.as_str(),
        "earmark": input.earmark.as_ref().map(Slug::as_str),
        "reference": input.reference,
        "donor": input.donor,
    });
    let canonical = strikefund_audit::jcs::to_canonical(&request).expect("no floats");
    DonationDigests { key_digest, request_digest: Hash::sha256(&[&canonical]).to_hex() }
}

async fn donation(input: &DonationInput, r: &mut Reader<'_>) -> Result<Decision, DecideError> {
    check_text("reference", &input.reference, NAME_CHARS_MAX, true)?;
    if let Some(donor) = &input.donor {
        check_text("donor", donor, NAME_CHARS_MAX, true)?;
    }
    let committee = match &input.earmark {
        Some(slug) => Some(r.committee(slug).await?),
        None => None,
    };
    let DonationDigests { key_digest, request_digest } = donation_digests(input);
    let known = r.idempotency(&key_digest).await?;
    if let Some((known_digest, seq)) = known {
        if known_digest != request_digest {
            return Err(CommandError::ExistsWithDifferentBody.into());
        }
        let (_, hash) = r.entry(seq as u64).await?.ok_or(CommandError::EntryUnknown(seq as u64))?;
        return Ok(Decision::Existing(Appended {
            entries: vec![EntryRef { seq: seq as u64, hash }],
            replayed: true,
            detail: Detail::Donation { receipt: ids::receipt_code(&hash) },
        }));
    }
    let envelope =
        committee.as_ref().map_or_else(AccountPath::general_fund, |c| AccountPath::committee_fund(&c.key));
    let transaction = Transaction::transfer(input.account.clone(), envelope, input.money)?;
    let mut fields =
        vec![("postings", transaction.to_json()), ("received_on", json!(input.received_on.to_string()))];
    if let Some(committee) = &committee {
        fields.push(("committee", json!(committee.key)));
    }
    if let Some(donor) = &input.donor {
        fields.push(("donor", json!(donor)));
    }
    let entry = NewEntry::new(Kind::Donation, body(fields)).sealed(json!({"reference": input.reference}));
    Ok(Decision::Append(Plan {
        entries: vec![entry],
        side: vec![SideWrite::Idempotency { key_digest, request_digest }],
        detail: Detail::Donation { receipt: String::new() },
    }))
}

async fn allocate(committee: &Slug, money: Money, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    if !money.is_positive() {
        return Err(crate::domain::money::MoneyError::AmountMustBePositive.into());
    }
    let committee = r.committee(committee).await?;
    let transaction = Transaction::transfer(
        AccountPath::general_fund(),
        AccountPath::committee_fund(&committee.key),
        money,
    )?;
    let body = body([("committee", json!(committee.key)), ("postings", transaction.to_json())]);
    Ok(Plan::one(NewEntry::new(Kind::Allocation, body), Detail::None))
}

async fn submit_claim(
    input: &ClaimInput,
    person: Option<&Person>,
    r: &mut Reader<'_>,
) -> Result<Plan, DecideError> {
    check_text("notes", &input.notes, TEXT_CHARS_MAX, false)?;
    if !input.money.is_positive() {
        return Err(crate::domain::money::MoneyError::AmountMustBePositive.into());
    }
    let committee = r.committee(&input.committee).await?;
    let worker = match (&input.worker, person) {
        (Some(_), Some(_)) => return Err(CommandError::WorkerGivenTwice.into()),
        (Some(pseudonym), None) => {
            if !r.exists("SELECT pseudonym FROM workers WHERE pseudonym = $1", pseudonym).await? {
                return Err(CommandError::WorkerUnknown(pseudonym.chars().take(16).collect()).into());
            }
            if r.exists("SELECT pseudonym FROM erasures WHERE pseudonym = $1", pseudonym).await? {
                return Err(CommandError::WorkerErased(pseudonym.clone()).into());
            }
            pseudonym.clone()
        }
        (None, _) => ids::new_pseudonym(),
    };
    let id = ids::new_claim_id();
    let fields = body([
        ("claim", json!(id)),
        ("committee", json!(committee.key)),
        ("worker", json!(worker)),
        ("category", json!(input.category.as_str())),
        ("amount", json!(input.money.amount_text())),
        ("currency", json!(input.money.currency().code())),
    ]);
    let mut entry = NewEntry::new(Kind::ClaimSubmitted, fields);
    // A new worker's details are sealed with their first claim: the chain
    // commits to who the claim was for, and erasure deletes them with it.
    let mut private = serde_json::Map::new();
    if !input.notes.trim().is_empty() {
        private.insert("notes".into(), json!(input.notes));
    }
    if let Some(person) = person {
        private.insert("worker".into(), person.to_fields());
    }
    if !private.is_empty() {
        entry = entry.sealed(Value::Object(private));
    }
    let side = person
        .map(|p| SideWrite::Identity { pseudonym: worker.clone(), document: p.normalized_document() })
        .into_iter()
        .collect();
    Ok(Plan { entries: vec![entry], side, detail: Detail::Claim { id, worker } })
}

/// Other dismissal grants of the same person (the same pseudonym, or a
/// worker with the same identity digest) that were approved, paid, or
/// cancelled after a payout; zero unless `claim` is itself a dismissal grant.
async fn other_dismissal_grants(claim: &str, r: &mut Reader<'_>) -> Result<i64, DecideError> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM claims c \
         JOIN claims this ON this.id = $1 AND this.category = 'dismissal' \
         WHERE c.id <> $1 AND c.category = 'dismissal' \
         AND (c.state IN ('approved', 'partially_paid', 'paid') OR (c.state = 'cancelled' AND c.paid > 0)) \
         AND (c.worker = this.worker OR c.worker IN (SELECT o.pseudonym FROM worker_identities w \
              JOIN worker_identities o ON o.digest = w.digest WHERE w.pseudonym = this.worker))",
    )
    .bind(claim)
    .fetch_one(&mut *r.conn)
    .await
    .map_err(store)
}

async fn approve_claim(
    id: &str,
    override_reason: Option<&str>,
    actor: &Actor,
    r: &mut Reader<'_>,
) -> Result<Plan, DecideError> {
    if let Some(reason) = override_reason {
        check_text("override_reason", reason, TEXT_CHARS_MAX, true)?;
    }
    let claim = r.claim(id).await?;
    let threshold = r.committee_threshold(&claim.committee).await?;
    let approver_is_member = r.is_member(&claim.committee, actor.as_str()).await?;
    let already: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM claim_approvals WHERE claim = $1 AND user_id = $2")
            .bind(id)
            .bind(actor.as_str())
            .fetch_optional(&mut *r.conn)
            .await
            .map_err(store)?;
    let duplicate = other_dismissal_grants(id, r).await? > 0;
    let decision = decide_approval(ApprovalFacts {
        state: claim.state,
        approver_is_member,
        approver_is_submitter: claim.submitted_by == actor.as_str(),
        approver_already_approved: already.is_some(),
        needs_override: duplicate && override_reason.is_none(),
        approvals_so_far: claim.approvals,
        threshold,
    });
    let approval = |approvals: u32| {
        let mut fields =
            body([("claim", json!(id)), ("approvals", json!(approvals)), ("threshold", json!(threshold))]);
        let overridden = override_reason.filter(|_| duplicate);
        if overridden.is_some() {
            fields.insert("override".into(), json!(OVERRIDE_DUPLICATE_DISMISSAL));
        }
        let entry = NewEntry::new(Kind::ClaimApproval, fields);
        match overridden {
            Some(reason) => entry.sealed(json!({"override_reason": reason})),
            None => entry,
        }
    };
    match decision {
        ApprovalDecision::Denied(reason) => Ok(denial(id, reason)),
        ApprovalDecision::Counted { approvals } => {
            Ok(Plan::one(approval(approvals), Detail::Approval { approvals, threshold, reserved: false }))
        }
        ApprovalDecision::Reaches { approvals } => {
            let reserve = Transaction::transfer(
                AccountPath::committee_fund(&claim.committee),
                AccountPath::payable(&claim.committee),
                claim.money,
            )?;
            let approved = body([("claim", json!(id)), ("postings", reserve.to_json())]);
            Ok(Plan {
                entries: vec![approval(approvals), NewEntry::new(Kind::ClaimApproved, approved)],
                side: Vec::new(),
                detail: Detail::Approval { approvals, threshold, reserved: true },
            })
        }
    }
}

fn denial(claim: &str, reason: DenialReason) -> Plan {
    let fields = body([("claim", json!(claim)), ("reason", json!(reason.as_str()))]);
    Plan::one(NewEntry::new(Kind::ClaimApprovalDenied, fields), Detail::Denied(reason))
}

async fn reject_claim(id: &str, reason: &str, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    check_text("reason", reason, TEXT_CHARS_MAX, true)?;
    let claim = r.claim(id).await?;
    if claim.state != ClaimState::Submitted {
        return Err(CommandError::ClaimInWrongState { found: claim.state }.into());
    }
    let entry =
        NewEntry::new(Kind::ClaimRejected, body([("claim", json!(id))])).sealed(json!({"reason": reason}));
    Ok(Plan::one(entry, Detail::None))
}

async fn cancel_claim(id: &str, reason: &str, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    check_text("reason", reason, TEXT_CHARS_MAX, true)?;
    let claim = r.claim(id).await?;
    if !claim.state.is_payable() {
        return Err(CommandError::ClaimInWrongState { found: claim.state }.into());
    }
    let remaining = claim.money.checked_sub(claim.paid)?;
    let release = Transaction::transfer(
        AccountPath::payable(&claim.committee),
        AccountPath::committee_fund(&claim.committee),
        remaining,
    )?;
    let fields = body([("claim", json!(id)), ("postings", release.to_json())]);
    let entry = NewEntry::new(Kind::ClaimCancelled, fields).sealed(json!({"reason": reason}));
    Ok(Plan::one(entry, Detail::None))
}

async fn payout(input: &PayoutInput, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    check_text("reference", &input.reference, NAME_CHARS_MAX, false)?;
    let claim = r.claim(&input.claim).await?;
    if !claim.state.is_payable() {
        return Err(CommandError::ClaimInWrongState { found: claim.state }.into());
    }
    if input.money.currency() != claim.money.currency() {
        return Err(CommandError::PayoutCurrencyMismatch(claim.money.currency()).into());
    }
    if !input.money.is_positive() {
        return Err(crate::domain::money::MoneyError::AmountMustBePositive.into());
    }
    let remaining = claim.money.checked_sub(claim.paid)?;
    if input.money.minor() > remaining.minor() {
        return Err(CommandError::PayoutExceedsReserve { remaining, requested: input.money }.into());
    }
    let transaction =
        Transaction::transfer(AccountPath::payable(&claim.committee), input.account.clone(), input.money)?;
    let fields = body([
        ("claim", json!(input.claim)),
        ("worker", json!(claim.worker)),
        ("method", json!(input.method.as_str())),
        ("paid_on", json!(input.paid_on.to_string())),
        ("postings", transaction.to_json()),
    ]);
    let mut entry = NewEntry::new(Kind::Payout, fields);
    if !input.reference.trim().is_empty() {
        entry = entry.sealed(json!({"reference": input.reference}));
    }
    Ok(Plan::one(entry, Detail::None))
}

async fn exchange(input: &ExchangeInput, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    if input.from.currency() == input.to.currency() {
        return Err(CommandError::ExchangeSameCurrency.into());
    }
    if !input.from.is_positive() || !input.to.is_positive() {
        return Err(crate::domain::money::MoneyError::AmountMustBePositive.into());
    }
    let envelope = match &input.committee {
        Some(slug) => AccountPath::committee_fund(&r.committee(slug).await?.key),
        None => AccountPath::general_fund(),
    };
    // The envelope converts together with the money, so that in every
    // currency the envelopes still add up to what the fund holds.
    let transaction = Transaction::new(vec![
        Posting::new(input.from_account.clone(), input.from.negated()),
        Posting::new(envelope.clone(), input.from),
        Posting::new(envelope, input.to.negated()),
        Posting::new(input.to_account.clone(), input.to),
    ])?;
    let fields = body([("postings", transaction.to_json())]);
    Ok(Plan::one(NewEntry::new(Kind::Exchange, fields), Detail::None))
}

fn fee(account: &AccountPath, money: Money) -> Result<Plan, DecideError> {
    if !money.is_positive() {
        return Err(crate::domain::money::MoneyError::AmountMustBePositive.into());
    }
    let transaction = Transaction::transfer(AccountPath::general_fund(), account.clone(), money)?;
    let fields = body([("postings", transaction.to_json())]);
    Ok(Plan::one(NewEntry::new(Kind::Fee, fields), Detail::None))
}

async fn reverse(seq: u64, reason: &str, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    check_text("reason", reason, TEXT_CHARS_MAX, true)?;
    let (original, _) = r.entry(seq).await?.ok_or(CommandError::EntryUnknown(seq))?;
    let kind = Kind::parse(&original.kind).filter(|k| k.is_reversible());
    let Some(kind) = kind else {
        return Err(CommandError::NotReversible(original.kind.clone()).into());
    };
    let reversed: Option<i64> = sqlx::query_scalar("SELECT by_seq FROM reversals WHERE seq = $1")
        .bind(seq as i64)
        .fetch_optional(&mut *r.conn)
        .await
        .map_err(store)?;
    if reversed.is_some() {
        return Err(CommandError::AlreadyReversed(seq).into());
    }
    if kind == Kind::Payout {
        let claim = original.body.get("claim").and_then(Value::as_str).unwrap_or_default();
        let state = r.claim(claim).await?.state;
        if !matches!(state, ClaimState::PartiallyPaid | ClaimState::Paid) {
            return Err(CommandError::ClaimInWrongState { found: state }.into());
        }
    }
    let postings = original.body.get("postings").and_then(Transaction::from_json);
    let postings = postings.ok_or(CommandError::NotReversible(original.kind.clone()))?;
    let fields = body([("reverses", json!(seq)), ("postings", postings.reversed().to_json())]);
    let entry = NewEntry::new(Kind::Reversal, fields).sealed(json!({"reason": reason}));
    Ok(Plan::one(entry, Detail::None))
}

/// The `override` member of a `claim_approval` that approves a second
/// dismissal grant for one person (docs/chain-format.md).
pub const OVERRIDE_DUPLICATE_DISMISSAL: &str = "duplicate_dismissal";

/// Erasure: the worker's sealed records and identity digest are deleted in
/// the same transaction as the `erasure` entry that says so.
async fn erase_worker(worker: &str, reason: ErasureReason, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    if !r.exists("SELECT pseudonym FROM workers WHERE pseudonym = $1", worker).await? {
        return Err(CommandError::WorkerUnknown(worker.chars().take(16).collect()).into());
    }
    // Sealed records of this batch may still be pending.
    r.deltas.rows.write(r.conn).await.map_err(store)?;
    let left: i64 = sqlx::query_scalar(
        "SELECT CAST((SELECT COUNT(*) FROM sealed_records WHERE worker = $1) \
         + (SELECT COUNT(*) FROM worker_identities WHERE pseudonym = $1) AS BIGINT)",
    )
    .bind(worker)
    .fetch_one(&mut *r.conn)
    .await
    .map_err(store)?;
    if left == 0 && r.exists("SELECT pseudonym FROM erasures WHERE pseudonym = $1", worker).await? {
        return Err(CommandError::WorkerAlreadyErased(worker.to_string()).into());
    }
    let fields = body([("worker", json!(worker)), ("reason", json!(reason.as_str()))]);
    Ok(Plan {
        entries: vec![NewEntry::new(Kind::Erasure, fields)],
        side: vec![SideWrite::Erase { pseudonym: worker.to_string() }],
        detail: Detail::None,
    })
}

fn checkpoint(signer: &strikefund_audit::note::Signer, r: &mut Reader<'_>) -> Result<Plan, DecideError> {
    let size = r.cache.head.seq;
    let checkpoint = strikefund_audit::note::Checkpoint {
        origin: signer.name().to_string(),
        size,
        root: r.cache.frontier.root(),
    };
    let note = signer
        .sign(&checkpoint.to_text())
        .map_err(|e| DecideError::Store(sqlx::Error::Protocol(e.to_string())))?;
    let root = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, checkpoint.root.0);
    let fields = body([
        ("origin", json!(checkpoint.origin)),
        ("size", json!(size)),
        ("root", json!(root)),
        ("note", json!(note)),
    ]);
    Ok(Plan::one(NewEntry::new(Kind::Checkpoint, fields), Detail::Checkpoint { size, note }))
}
