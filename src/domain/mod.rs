//! Pure types and rules of the fund, no I/O. Values are parsed once at the
//! edge (HTTP, CLI, CSV) into these types and stay valid from then on.

pub mod account;
pub mod claim;
pub mod ids;
pub mod money;
pub mod role;
pub mod transaction;
pub mod worker;

pub use account::{AccountPath, Slug};
pub use money::{Currency, Money};
pub use transaction::{Posting, Transaction};
