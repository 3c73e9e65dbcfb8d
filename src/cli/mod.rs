//! The admin command line beside the server: bootstrapping users.

pub mod user;
