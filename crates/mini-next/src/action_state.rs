//! `useActionState(action, initialState)`: a form that shows what its action
//! returned, with or without JavaScript.
//!
//! With JavaScript, the hook calls the action with `(previousState, formData)` and
//! re-renders with the result: an ordinary `Next-Action` call whose row 1 is the new
//! state. Without JavaScript the browser posts the form itself. So that such a post
//! can show the result too, React gives the form two more things in its HTML: the
//! state, bound as the action's first argument (`$ACTION_<n>:1`, plain JSON), and
//! `$ACTION_KEY`, the hook's name. Next.js runs the action, then renders the page
//! again with React's **form state** `[result, key, action id, bound count]`: the hook
//! whose key matches starts from the result instead of `initialState`, its form is
//! marked `<!--F!-->`, and the page's inline data carries the form state
//! (`self.__next_f.push([2, …])`) so that the browser's React starts from it too. An
//! error can reach a no-JS user this way, in a 200 page, without a redirect.
//!
//! Simplified: React names a hook by an md5 of its component's place in the tree;
//! the model's tree has no such place, so the page passes the key in (copied from
//! the reference build).

use crate::server_components::PageProps;
use crate::server_reference::{ActionStateForm, ServerReference};
use serde_json::{json, Value};

/// What a no-JS post to a `useActionState` form leaves for the page's next render.
#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    /// What the action returned: the hook's new state.
    pub state: Value,
    /// The posted `$ACTION_KEY`.
    pub key: String,
    pub action_id: String,
    /// How many values were bound besides the previous state.
    pub bound_count: usize,
}

impl FormState {
    /// As React sends it to the browser: `[state, key, id, bound count]`.
    pub fn to_json(&self) -> Value {
        json!([self.state, self.key, self.action_id, self.bound_count])
    }
}

/// `const [state, formAction] = useActionState(action, initialState)` during a
/// server render.
#[derive(Debug, Clone)]
pub struct ActionState {
    pub state: Value,
    /// The action with the state bound in front: what `<form action={formAction}>`
    /// posts.
    pub form_action: ServerReference,
}

/// The hook named `key`, rendered for the request behind `props`: it starts from the
/// posted result when a no-JS post to this very hook is being answered, else from
/// `initial`.
pub fn use_action_state(
    props: &PageProps,
    action: &ServerReference,
    key: &str,
    initial: Value,
) -> ActionState {
    let posted = props.form_state.as_ref();
    let mine = posted.filter(|f| f.key == key && f.action_id == action.id);
    let state = mine.map_or(initial, |f| f.state.clone());
    let mut form_action = action.clone().bind(vec![state.clone()]);
    form_action.action_state = Some(ActionStateForm {
        key: key.to_owned(),
        matched: posted.map(|_| mine.is_some()),
    });
    ActionState { state, form_action }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(key: &str) -> PageProps {
        PageProps {
            form_state: Some(FormState {
                state: json!({ "error": "name is required" }),
                key: key.to_owned(),
                action_id: "60aa".to_owned(),
                bound_count: 0,
            }),
            ..PageProps::default()
        }
    }

    #[test]
    fn the_hook_starts_from_the_posted_result_only_when_the_key_is_its_own() {
        let action = ServerReference::new("60aa");
        let initial = json!({ "error": null });
        let fresh = use_action_state(&PageProps::default(), &action, "k1", initial.clone());
        assert_eq!(fresh.state, initial);
        assert_eq!(fresh.form_action.bound, std::slice::from_ref(&initial));
        assert_eq!(fresh.form_action.action_state.unwrap().matched, None);

        let after = use_action_state(&posted("k1"), &action, "k1", initial.clone());
        assert_eq!(after.state, json!({ "error": "name is required" }));
        assert_eq!(after.form_action.action_state.unwrap().matched, Some(true));

        let other = use_action_state(&posted("k2"), &action, "k1", initial.clone());
        assert_eq!(other.state, initial);
        assert_eq!(other.form_action.action_state.unwrap().matched, Some(false));
    }
}
