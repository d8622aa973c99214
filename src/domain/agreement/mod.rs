//! The project agreement (PRODUCT.md, "Project agreement"): the document a
//! client signs, built from a project as plain data (`Agreement`), laid out
//! as blocks of text (`blocks`) that the Markdown writer (`to_markdown`) and
//! the UI's HTML both render, so the two say the same thing.
//!
//! Choices where the brief is silent, in one place:
//! - Client language: a task is listed by its `client_text` when it has
//!   one, else by its name; no hours, no roles. Sections without tasks are
//!   left out of the scope; tasks whose section does not exist are listed
//!   last under "Other work".
//! - Optional items are priced by `pricing::quote`; the ones whose material
//!   id is in `AgreementOptions::included_options` are added to the total
//!   (unknown ids are ignored). Payment amounts are shares of that total, so
//!   they add up to what the client pays.
//! - The timeline's dates are the schedule's early dates. The finish is P50
//!   and P80 of the stored simulation when it is current, else the
//!   scheduled finish as the expected finish with a sentence saying P80
//!   needs a (new) simulation. A plan that cannot be scheduled still gives a
//!   document: the start date and the reason.
//! - The price states what a client needs: the model, the price (and range
//!   or cap), the confidence level of a fixed fee. Contingency, margin and
//!   the estimate page's warnings stay internal.
//! - Missing parts are said in words ("none", "internal project") rather
//!   than left blank, so the document never has an empty field.
//! - Every piece of text, ours and the user's, is escaped for Markdown when
//!   written; the blocks hold plain text.
//!
//! The parts: `document` (the agreement as data, drawn from the project,
//! its quote, schedule and stored simulation), `layout` (the document as
//! `Block`s of plain text), `markdown` (the escaping writer) and `quote`
//! (the estimate as the client reads it: the agreement's client-facing
//! parts with hours and prices per section, nothing internal).

mod document;
mod layout;
mod markdown;
mod quote;

pub use document::{
    agreement, Agreement, AgreementOptions, ClientParty, ContractRef, Finish, KeyDate,
    OptionalItem, Payment, PriceTerms, ScheduledPlan, ScopeItem, ScopeSection, Timeline, Trigger,
};
pub use layout::{blocks, model_name, Block, Span, Table};
pub use markdown::{blocks_to_markdown, escape, to_markdown};
pub use quote::quote_blocks;

#[cfg(test)]
mod tests;
