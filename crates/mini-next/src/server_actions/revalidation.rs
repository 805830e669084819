//! Whether an action's answer carries a re-rendered tree: decided by what the action
//! called, not by whether the page changed.
//!
//! Next.js 16.4.6 (`addRevalidationHeader` in its action handler, checked against
//! recordings of the reference app's `/likes`):
//!
//! | the action calls | `x-action-revalidated` | the answer to a JS call |
//! |---|---|---|
//! | `revalidatePath(path)`, `updateTag(tag)`, `cookies().set(…)` | `1` | the result and the page's new tree |
//! | `refresh()` | `2` (dynamic data only) | the result and the page's new tree |
//! | `revalidateTag(tag, 'max')` | none | the result only: the tag goes stale, the next visit renders it |
//! | none of these | none | the result only |
//!
//! With `1` the browser's router also drops what it cached of other pages; with `2`
//! it keeps its cached static data.

/// What an action asked of the page it was called from. Later calls can only raise it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Revalidation {
    /// Nothing: the answer is the result alone.
    #[default]
    None,
    /// `refresh()`: re-render the page's dynamic data.
    DynamicOnly,
    /// `revalidatePath`, `updateTag` or a cookie write: everything may be stale.
    StaticAndDynamic,
}

impl Revalidation {
    /// At least `other` from now on.
    pub fn raise(&mut self, other: Revalidation) {
        *self = (*self).max(other);
    }

    /// Whether the answer to a JS call renders the page again into its rows.
    pub fn carries_tree(self) -> bool {
        self != Revalidation::None
    }

    /// The value of `x-action-revalidated`, if the answer has one.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Revalidation::None => None,
            Revalidation::StaticAndDynamic => Some("1"),
            Revalidation::DynamicOnly => Some("2"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_write_after_refresh_makes_it_static_and_dynamic() {
        let mut revalidation = Revalidation::default();
        assert!(!revalidation.carries_tree());
        assert_eq!(revalidation.header(), None);
        revalidation.raise(Revalidation::DynamicOnly);
        assert_eq!(revalidation.header(), Some("2"));
        revalidation.raise(Revalidation::StaticAndDynamic);
        revalidation.raise(Revalidation::DynamicOnly);
        assert_eq!(revalidation.header(), Some("1"));
        assert!(revalidation.carries_tree());
    }
}
