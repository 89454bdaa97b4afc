//! Typed ids of the archive's documents: a statement, a term of a taxonomy, a note.
//!
//! Documents live in flat vectors and refer to each other by position. A bare `usize` would let
//! a term's position index the statements, or a note's number stand for a statement; these
//! types make the compiler tell them apart. They are 32 bits wide: a 200,000-statement archive
//! keeps several ids per statement (term members, mentions, claims), and half the width is half
//! the memory of those lists.

use std::fmt;
use std::ops::{Index, IndexMut};

/// Declares an id type: a `u32` position in one vector, made from and turned back into a `usize`.
macro_rules! position_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The id of the item at `index`.
            ///
            /// # Panics
            /// Past 2³² items, which no archive reaches: its files could not be read first.
            pub fn new(index: usize) -> Self {
                match u32::try_from(index) {
                    Ok(i) => $name(i),
                    Err(_) => panic!(concat!("more than 2^32 ", $what)),
                }
            }

            /// Its position in its vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id before it, if any.
            pub fn before(self) -> Option<$name> {
                self.0.checked_sub(1).map($name)
            }

            /// The id after it, if a vector of `len` items has it.
            pub fn after(self, len: usize) -> Option<$name> {
                let next = self.index() + 1;
                (next < len).then(|| $name::new(next))
            }

            /// The ids of a vector of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..len).map($name::new)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

position_id!(
    /// A statement: its position in [`crate::model::Archive::statements`], which is archive order
    /// (oldest first, ties by slug), so ids compare as the statements' dates do.
    StatementId,
    "statements"
);

position_id!(
    /// A term (topic or entity): its position in its [`crate::model::Taxonomy`]'s terms, by slug.
    TermId,
    "terms"
);

/// A note: the statement it belongs to and its position among that statement's notes (reading
/// order). Ordered by statement, then reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteId {
    pub statement: StatementId,
    position: u32,
}

impl NoteId {
    /// The `position`-th note (0-based, reading order) of `statement`.
    pub fn new(statement: StatementId, position: usize) -> Self {
        NoteId {
            statement,
            position: StatementId::new(position).0,
        }
    }

    /// Its position among its statement's notes.
    pub fn position(self) -> usize {
        self.position as usize
    }
}

/// Vectors kept per statement or per term (the statements themselves, their cards, their
/// backlinks) are indexed by the id directly.
macro_rules! index_by {
    ($name:ident) => {
        impl<T> Index<$name> for [T] {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.index()]
            }
        }

        impl<T> IndexMut<$name> for [T] {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.index()]
            }
        }

        impl<T> Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.index()]
            }
        }

        impl<T> IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.index()]
            }
        }
    };
}

index_by!(StatementId);
index_by!(TermId);

/// Statement `i`, for tests.
#[cfg(test)]
pub(crate) fn s(i: usize) -> StatementId {
    StatementId::new(i)
}

/// Statements `ids`, for tests.
#[cfg(test)]
pub(crate) fn statements(ids: &[usize]) -> Vec<StatementId> {
    ids.iter().copied().map(StatementId::new).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_position_and_order() {
        let ids: Vec<StatementId> = StatementId::all(3).collect();
        assert_eq!(ids.iter().map(|i| i.index()).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(ids[0] < ids[2]);
        assert_eq!(TermId::new(7).to_string(), "7");
    }

    #[test]
    fn notes_order_by_statement_then_reading_order() {
        let a = NoteId::new(StatementId::new(1), 5);
        let b = NoteId::new(StatementId::new(2), 0);
        let c = NoteId::new(StatementId::new(2), 1);
        assert!(a < b && b < c);
        assert_eq!(c.position(), 1);
        assert_eq!(c.statement, StatementId::new(2));
    }

    #[test]
    #[should_panic(expected = "more than 2^32 statements")]
    #[cfg(target_pointer_width = "64")]
    fn an_id_past_32_bits_is_refused() {
        StatementId::new(u32::MAX as usize + 1);
    }
}
