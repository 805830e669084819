//! The class's answers: quiz answers and exercise check results that students chose to
//! share, counted per question and per check for the projector.
//!
//! Only counts are kept, never who answered: the projector shows "7 chose B, 5 of 12
//! right", which is what a room needs to decide whether to go over a question again.
//! Everything is bounded: a share names at most [`MAX_ITEMS`] questions or checks, and
//! the board holds at most [`MAX_BOARDS`] of them until the instructor resets some.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Mutex;
use tokio::sync::watch;

/// The most questions or checks one share may carry.
pub const MAX_ITEMS: usize = 40;

/// The most questions and checks counted at once.
pub const MAX_BOARDS: usize = 256;

/// The highest question number a quiz may have.
pub const MAX_QUESTION: usize = 50;

/// A choice is a letter, A to Z.
pub const MAX_CHOICES: usize = 26;

/// The longest check name.
pub const MAX_CHECK_NAME: usize = 160;

/// What a student's page (or the exercise CLI) posts to `/__playground/share`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Shared {
    /// Answers to one chapter's quiz (`chapter` is the quiz's name in `book-data/quizzes`).
    Quiz {
        chapter: String,
        answers: Vec<QuizAnswer>,
    },
    /// One run of an exercise's checks (`exercise` is its cargo package).
    Check {
        exercise: String,
        checks: Vec<CheckResult>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizAnswer {
    /// 1 for the first question, as the quiz numbers them.
    pub question: usize,
    /// Indexes of the chosen options (0 is A).
    pub chosen: Vec<usize>,
    pub correct: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    /// The check's description, as `check` prints it.
    pub name: String,
    pub passed: bool,
}

impl Shared {
    /// The chapter or exercise the share is about.
    pub fn subject(&self) -> &str {
        match self {
            Shared::Quiz { chapter, .. } => chapter,
            Shared::Check { exercise, .. } => exercise,
        }
    }

    /// Checks the share's shape; the message says what to fix.
    pub fn validate(&self) -> Result<(), String> {
        let subject = self.subject();
        let valid_name = !subject.is_empty()
            && subject.len() <= 64
            && subject
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_name {
            return Err(format!(
                "{subject:?} is not a chapter or exercise name: use lowercase letters, digits and '-'"
            ));
        }
        let items = match self {
            Shared::Quiz { answers, .. } => answers.len(),
            Shared::Check { checks, .. } => checks.len(),
        };
        if items == 0 || items > MAX_ITEMS {
            return Err(format!(
                "a share carries 1 to {MAX_ITEMS} answers or checks, this one {items}"
            ));
        }
        match self {
            Shared::Quiz { answers, .. } => answers.iter().try_for_each(validate_answer),
            Shared::Check { checks, .. } => checks.iter().try_for_each(validate_check),
        }
    }
}

fn validate_answer(answer: &QuizAnswer) -> Result<(), String> {
    if answer.question == 0 || answer.question > MAX_QUESTION {
        return Err(format!(
            "question {} does not exist: questions are numbered 1 to {MAX_QUESTION}",
            answer.question
        ));
    }
    let mut sorted = answer.chosen.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() || sorted.len() != answer.chosen.len() {
        return Err(format!(
            "question {}: `chosen` lists each chosen option once, and at least one",
            answer.question
        ));
    }
    if let Some(bad) = sorted.iter().find(|&&c| c >= MAX_CHOICES) {
        return Err(format!(
            "question {}: option {bad} does not exist (0 is A, 25 is Z)",
            answer.question
        ));
    }
    Ok(())
}

fn validate_check(check: &CheckResult) -> Result<(), String> {
    let length = check.name.chars().count();
    if length == 0 || length > MAX_CHECK_NAME || check.name.chars().any(char::is_control) {
        return Err(format!(
            "a check name is 1 to {MAX_CHECK_NAME} characters on one line"
        ));
    }
    Ok(())
}

/// What the projector draws for one question or check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    /// Names the board in a reset: `quiz/<chapter>/<question>` or `check/<exercise>/<name>`.
    pub id: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Tally {
    Quiz {
        chapter: String,
        question: usize,
        /// How many answers were shared, and how many of them were right.
        answers: u32,
        right: u32,
        /// How often each option (0 is A) was chosen; options nobody chose are missing.
        chosen: BTreeMap<usize, u32>,
        /// The options that came with a right answer: the projector marks them.
        right_options: Vec<usize>,
    },
    Check {
        exercise: String,
        check: String,
        passed: u32,
        failed: u32,
    },
}

/// Why a share was not counted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ShareError {
    #[error("{0}")]
    Invalid(String),
    #[error(
        "the class board is full ({MAX_BOARDS} questions and checks): the instructor can reset some on the projector page"
    )]
    Full,
}

/// The counts, in memory, with a signal for the projector's event stream.
#[derive(Debug)]
pub struct ClassAnswers {
    boards: Mutex<BTreeMap<String, Tally>>,
    changed: watch::Sender<u64>,
}

impl Default for ClassAnswers {
    fn default() -> Self {
        ClassAnswers {
            boards: Mutex::new(BTreeMap::new()),
            changed: watch::channel(0).0,
        }
    }
}

impl ClassAnswers {
    pub fn new() -> ClassAnswers {
        ClassAnswers::default()
    }

    /// Counts a (validated) share: all of it, or none when it would overfill the board.
    pub fn add(&self, shared: &Shared) -> Result<(), ShareError> {
        shared.validate().map_err(ShareError::Invalid)?;
        let mut boards = self.boards.lock().expect("answers lock");
        let items = items(shared);
        let new = items
            .iter()
            .filter(|(id, _)| !boards.contains_key(id))
            .count();
        if boards.len() + new > MAX_BOARDS {
            return Err(ShareError::Full);
        }
        for (id, item) in items {
            let tally = boards.entry(id).or_insert_with(|| item.empty());
            item.count_into(tally);
        }
        drop(boards);
        self.changed.send_modify(|n| *n += 1);
        Ok(())
    }

    /// Forgets one board (by its id), or all of them; false when there was no such board.
    pub fn reset(&self, id: Option<&str>) -> bool {
        let mut boards = self.boards.lock().expect("answers lock");
        let removed = match id {
            Some(id) => boards.remove(id).is_some(),
            None => {
                boards.clear();
                true
            }
        };
        drop(boards);
        if removed {
            self.changed.send_modify(|n| *n += 1);
        }
        removed
    }

    /// Every board, in id order (questions of a chapter together, in order).
    pub fn snapshot(&self) -> Vec<Board> {
        let boards = self.boards.lock().expect("answers lock");
        boards
            .iter()
            .map(|(id, tally)| Board {
                id: id.clone(),
                tally: tally.clone(),
            })
            .collect()
    }

    /// Wakes up after every change.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

/// One counted thing of a share, with the id of its board.
enum Item<'a> {
    Answer(&'a str, &'a QuizAnswer),
    Check(&'a str, &'a CheckResult),
}

fn items(shared: &Shared) -> Vec<(String, Item<'_>)> {
    match shared {
        Shared::Quiz { chapter, answers } => answers
            .iter()
            // Zero-padded so that question 10 sorts after question 9.
            .map(|a| {
                (
                    format!("quiz/{chapter}/{:02}", a.question),
                    Item::Answer(chapter, a),
                )
            })
            .collect(),
        Shared::Check { exercise, checks } => checks
            .iter()
            .map(|c| {
                (
                    format!("check/{exercise}/{}", c.name),
                    Item::Check(exercise, c),
                )
            })
            .collect(),
    }
}

impl Item<'_> {
    fn empty(&self) -> Tally {
        match self {
            Item::Answer(chapter, answer) => Tally::Quiz {
                chapter: chapter.to_string(),
                question: answer.question,
                answers: 0,
                right: 0,
                chosen: BTreeMap::new(),
                right_options: Vec::new(),
            },
            Item::Check(exercise, check) => Tally::Check {
                exercise: exercise.to_string(),
                check: check.name.clone(),
                passed: 0,
                failed: 0,
            },
        }
    }

    fn count_into(&self, tally: &mut Tally) {
        match (self, tally) {
            (
                Item::Answer(_, answer),
                Tally::Quiz {
                    answers,
                    right,
                    chosen,
                    right_options,
                    ..
                },
            ) => {
                *answers = answers.saturating_add(1);
                if answer.correct {
                    *right = right.saturating_add(1);
                }
                for &option in &answer.chosen {
                    let count = chosen.entry(option).or_insert(0);
                    *count = count.saturating_add(1);
                    if answer.correct && !right_options.contains(&option) {
                        right_options.push(option);
                        right_options.sort_unstable();
                    }
                }
            }
            (Item::Check(_, check), Tally::Check { passed, failed, .. }) => {
                let count = if check.passed { passed } else { failed };
                *count = count.saturating_add(1);
            }
            // Ids start with the kind, so a quiz item never lands on a check board.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: serde_json::Value) -> Result<Shared, String> {
        let shared: Shared = serde_json::from_value(value).map_err(|e| e.to_string())?;
        shared.validate()?;
        Ok(shared)
    }

    fn quiz(question: usize, chosen: &[usize], correct: bool) -> Shared {
        Shared::Quiz {
            chapter: "route-handlers".into(),
            answers: vec![QuizAnswer {
                question,
                chosen: chosen.to_vec(),
                correct,
            }],
        }
    }

    #[test]
    fn well_formed_shares_parse() {
        parse(json!({"kind": "quiz", "chapter": "route-handlers",
            "answers": [{"question": 1, "chosen": [1], "correct": true}]}))
        .unwrap();
        parse(
            json!({"kind": "check", "exercise": "exercise-01-api-routes",
            "checks": [{"name": "GET /api/hello answers 200", "passed": false}]}),
        )
        .unwrap();
    }

    #[test]
    fn malformed_shares_are_refused_with_a_reason() {
        let cases = [
            (json!({"kind": "poll", "chapter": "x"}), "unknown variant"),
            (
                json!({"chapter": "x", "answers": []}),
                "missing field `kind`",
            ),
            (
                json!({"kind": "quiz", "chapter": "Route Handlers",
                "answers": [{"question": 1, "chosen": [0], "correct": true}]}),
                "not a chapter",
            ),
            (
                json!({"kind": "quiz", "chapter": "x", "answers": []}),
                "1 to 40",
            ),
            (
                json!({"kind": "quiz", "chapter": "x",
                "answers": [{"question": 0, "chosen": [0], "correct": true}]}),
                "does not exist",
            ),
            (
                json!({"kind": "quiz", "chapter": "x",
                "answers": [{"question": 1, "chosen": [], "correct": true}]}),
                "at least one",
            ),
            (
                json!({"kind": "quiz", "chapter": "x",
                "answers": [{"question": 1, "chosen": [2, 2], "correct": true}]}),
                "once",
            ),
            (
                json!({"kind": "quiz", "chapter": "x",
                "answers": [{"question": 1, "chosen": [26], "correct": true}]}),
                "option 26",
            ),
            (
                json!({"kind": "quiz", "chapter": "x", "student": "Ada",
                "answers": [{"question": 1, "chosen": [0], "correct": true}]}),
                "unknown field",
            ),
            (
                json!({"kind": "check", "exercise": "e",
                "checks": [{"name": "two\nlines", "passed": true}]}),
                "one line",
            ),
            (
                json!({"kind": "check", "exercise": "e",
                "checks": [{"name": "x".repeat(MAX_CHECK_NAME + 1), "passed": true}]}),
                "characters",
            ),
        ];
        for (value, why) in cases {
            let error = parse(value.clone()).expect_err(&value.to_string());
            assert!(error.contains(why), "{value}: {error}");
        }
    }

    #[test]
    fn answers_are_counted_per_question_and_option() {
        let answers = ClassAnswers::new();
        answers.add(&quiz(2, &[1], true)).unwrap();
        answers.add(&quiz(2, &[1], true)).unwrap();
        answers.add(&quiz(2, &[3], false)).unwrap();
        answers.add(&quiz(1, &[0], false)).unwrap();
        let boards = answers.snapshot();
        let ids: Vec<&str> = boards.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["quiz/route-handlers/01", "quiz/route-handlers/02"]);
        assert_eq!(
            boards[1].tally,
            Tally::Quiz {
                chapter: "route-handlers".into(),
                question: 2,
                answers: 3,
                right: 2,
                chosen: BTreeMap::from([(1, 2), (3, 1)]),
                right_options: vec![1],
            }
        );
    }

    #[test]
    fn checks_are_counted_as_passed_and_failed() {
        let answers = ClassAnswers::new();
        let run = |passed| Shared::Check {
            exercise: "exercise-01-api-routes".into(),
            checks: vec![CheckResult {
                name: "PUT answers 405".into(),
                passed,
            }],
        };
        answers.add(&run(true)).unwrap();
        answers.add(&run(false)).unwrap();
        answers.add(&run(false)).unwrap();
        let boards = answers.snapshot();
        assert_eq!(boards.len(), 1);
        assert_eq!(boards[0].id, "check/exercise-01-api-routes/PUT answers 405");
        assert!(matches!(
            boards[0].tally,
            Tally::Check {
                passed: 1,
                failed: 2,
                ..
            }
        ));
    }

    #[test]
    fn reset_forgets_one_board_or_all() {
        let answers = ClassAnswers::new();
        let mut changes = answers.changes();
        answers.add(&quiz(1, &[0], true)).unwrap();
        answers.add(&quiz(2, &[0], true)).unwrap();
        assert!(changes.has_changed().unwrap());
        changes.mark_unchanged();
        assert!(answers.reset(Some("quiz/route-handlers/01")));
        assert!(changes.has_changed().unwrap());
        assert!(
            !answers.reset(Some("quiz/route-handlers/01")),
            "already gone"
        );
        assert_eq!(answers.snapshot().len(), 1);
        assert!(answers.reset(None));
        assert!(answers.snapshot().is_empty());
    }

    #[test]
    fn the_board_is_bounded() {
        let answers = ClassAnswers::new();
        for n in 0..MAX_BOARDS {
            let shared = Shared::Check {
                exercise: "e".into(),
                checks: vec![CheckResult {
                    name: format!("check {n}"),
                    passed: true,
                }],
            };
            answers.add(&shared).unwrap();
        }
        assert_eq!(answers.add(&quiz(1, &[0], true)), Err(ShareError::Full));
        assert_eq!(answers.snapshot().len(), MAX_BOARDS);
        // A board that exists still counts.
        let again = Shared::Check {
            exercise: "e".into(),
            checks: vec![CheckResult {
                name: "check 0".into(),
                passed: false,
            }],
        };
        answers.add(&again).unwrap();
    }
}
