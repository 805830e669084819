//! A "predict the wire" question and the review page in a real browser, from the static
//! book (file://, no server): the question shows the recorded request, checking reveals
//! the recorded response, and the review page lists the saved answer and resets it.
//! It needs Chromium, so it is `#[ignore]`d: run it with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_predict_question_reveals_the_recording_and_the_review_page_lists_and_resets_it() {
    let built = temp_dir("quiz-review-book-");
    let out = built.path().to_owned();
    book_tools::build_book(&repo_root(), &out, &book_tools::BuildOptions::default()).unwrap();
    let chapter_url = format!("file://{}", out.join("security/index.html").display());
    let review_url = format!("file://{}", out.join("workshop/quiz-review.html").display());
    let quiz = "document.querySelector('.quiz[data-quiz=\"security\"]')";
    in_browser(move |page| {
        page.goto(&chapter_url).unwrap();
        page.wait_for(
            &format!("{quiz}.querySelector('.quiz-rich')"),
            Duration::from_secs(10),
        )
        .unwrap();
        // Question 1 predicts the wire: the request is shown, the response is not yet.
        let first = format!("{quiz}.querySelector('.quiz-question')");
        let request = page
            .eval(&format!("{first}.querySelector('.quiz-request pre').textContent"))
            .unwrap();
        let request = request.as_str().unwrap().to_owned();
        assert!(request.starts_with("POST /guestbook HTTP/1.1"), "{request}");
        assert!(!request.to_lowercase().contains("\norigin:"), "{request}");
        let hidden = page
            .eval(&format!("{first}.querySelector('.quiz-response') === null"))
            .unwrap();
        assert_eq!(hidden, true, "the answer showed before Check");

        // Choose A (right), check: the recorded response appears under the explanation.
        page.click(".quiz[data-quiz=\"security\"] label[for$=\"-0-0\"]")
            .unwrap();
        page.click(".quiz[data-quiz=\"security\"] .quiz-check").unwrap();
        let response = page
            .eval(&format!("{first}.querySelector('.quiz-response').innerText"))
            .unwrap();
        let response = response.as_str().unwrap().to_owned();
        assert!(response.contains("recorded from Next.js 16.4.6"), "{response}");
        assert!(response.contains("HTTP/1.1 200 OK"), "{response}");

        // The review page shows that answer as right, and Reset forgets it.
        page.goto(&review_url).unwrap();
        let security = "[...document.querySelectorAll('.quiz-review-quiz')].find(s => s.querySelector('a[href$=\"security/index.html\"]'))";
        page.wait_for(security, Duration::from_secs(10)).unwrap();
        let listed = page
            .eval(&format!("{security}.querySelector('li').innerText"))
            .unwrap();
        let listed = listed.as_str().unwrap().to_owned();
        assert!(listed.contains("Your answer: A."), "{listed}");
        assert!(listed.contains("right"), "{listed}");
        page.eval(&format!("{security}.querySelector('.quiz-review-reset').click()"))
            .unwrap();
        let saved = page
            .eval("localStorage.getItem('nextjs-on-the-wire:quiz:security')")
            .unwrap();
        assert!(saved.is_null(), "{saved}");
        let listed = page
            .eval(&format!("{security}.querySelector('li').innerText"))
            .unwrap();
        assert!(listed.as_str().unwrap().contains("not answered"), "{listed}");
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
}
