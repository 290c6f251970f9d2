package httpapi

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/knowledge"
)

// chromiumPath is Debian's chromium, which .ci/install-browser.sh installs.
const chromiumPath = "/usr/bin/chromium"

// engineHandler answers from a real answer engine, the way the bot does for
// a question, without depending on the bot's limits and memory.
type engineHandler struct{ engine *answer.Engine }

func (h engineHandler) Handle(ctx context.Context, m bot.Message) bot.Reply {
	q, err := answer.CleanQuestion(m.Text)
	if err != nil {
		return bot.Reply{Kind: bot.KindNotice, Title: err.Error()}
	}
	a, err := h.engine.Answer(ctx, q)
	if err != nil {
		return bot.Reply{Kind: bot.KindNotice, Title: "Something went wrong."}
	}
	return bot.Reply{Kind: bot.KindAnswer, Answer: &a}
}

// TestPlaygroundInBrowser drives the playground in headless Chromium over
// the repository's real knowledge: a question typed into the form comes
// back with its quote, with JavaScript switched off in the page to prove
// the form needs none; and a question carrying a script tag is shown as
// text and never runs. Without Chromium it skips, or fails in CI
// (startBrowser).
func TestPlaygroundInBrowser(t *testing.T) {
	browser, fatal := startBrowser(t)

	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil {
		t.Fatalf("knowledge.Load: %v", err)
	}
	for _, p := range problems {
		t.Errorf("knowledge problem: %s", p)
	}
	srv := httptest.NewServer(New(Config{Bot: engineHandler{answer.New(kb)}}))
	defer srv.Close()

	if err := chromedp.Do(browser, chromedp.Navigate(srv.URL+"/")); err != nil {
		fatal(t, "opening the playground", err)
	}

	// ask clears the input, types q, clicks Ask and waits for the page the
	// form's GET loads.
	ask := func(t *testing.T, q string) {
		t.Helper()
		_, err := chromedp.Run(browser, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Steps(
			chromedp.Clear(chromedp.CSS("#q")),
			chromedp.SendKeys(chromedp.CSS("#q"), q),
			chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		)))
		if err != nil {
			fatal(t, "asking "+q, err)
		}
	}
	text := func(t *testing.T, sel string) string {
		t.Helper()
		s, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			fatal(t, "reading "+sel, err)
		}
		return s
	}

	t.Run("question answered with a quote, JavaScript off", func(t *testing.T) {
		if _, err := chromedp.Call(browser, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			fatal(t, "disabling JavaScript", err)
		}
		ask(t, "When does the Assembly meet?")
		// Text waits for the element, so this also waits for the quote.
		const want = "December 1 to 6, 2025"
		if quote := text(t, "#result .quote"); !strings.Contains(quote, want) {
			t.Errorf("first quote = %q; want it to contain %q", quote, want)
		}
		if reply := text(t, "#reply"); !strings.Contains(reply, want) || !strings.Contains(reply, "¶") {
			t.Errorf("reply = %q; want the posted text with the quote %q and a ¶ citation", reply, want)
		}
		if mode := text(t, "#mode"); mode != answer.ModeExtractive {
			t.Errorf("mode = %q; want %q", mode, answer.ModeExtractive)
		}
		if src := text(t, "#result .source"); !strings.Contains(src, "hrw-icc-asp-2025.md") {
			t.Errorf("citation line = %q; want the source file hrw-icc-asp-2025.md", src)
		}
		if _, err := chromedp.Call(browser, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			fatal(t, "enabling JavaScript", err)
		}
	})

	t.Run("script in the question is shown as text", func(t *testing.T) {
		const q = `<script>window.pwned=1</script> Duterte`
		ask(t, q)
		if got := text(t, "#question"); got != q {
			t.Errorf("question shown as %q; want the literal %q", got, q)
		}
		value, err := chromedp.Run(browser, chromedp.Value(chromedp.CSS("#q")))
		if err != nil {
			fatal(t, "reading the input", err)
		}
		if value != q {
			t.Errorf("input refilled with %q; want %q", value, q)
		}
		pwned, err := chromedp.Run(browser, chromedp.Evaluate[string](`typeof window.pwned`))
		if err != nil {
			fatal(t, "evaluating window.pwned", err)
		}
		if pwned != "undefined" {
			t.Errorf("typeof window.pwned = %q; want undefined: the question's script ran", pwned)
		}
		scripts, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.querySelectorAll("script").length`))
		if err != nil {
			fatal(t, "counting script elements", err)
		}
		if scripts != 0 {
			t.Errorf("page has %d script elements; want 0", scripts)
		}
	})
}

var screenshots = flag.String("screenshots", "", "keep the knowledge page's browser screenshots in this folder (default: a temporary one)")

// TestKnowledgePageInBrowser renders the knowledge page (the fixture with
// a hostile title and a long unbroken identifier) in Chromium at a
// desktop width and a phone's, takes a full-page screenshot of each, and
// checks that the page fits the width, that every passage is shown, and
// that nothing from the files became markup.
func TestKnowledgePageInBrowser(t *testing.T) {
	browser, fatal := startBrowser(t)
	src, kb := knowledgeFixture(t)
	srv := httptest.NewServer(New(Config{Bot: &fakeBot{}, Knowledge: src, KnowledgeDir: "testdata/knowledge"}))
	defer srv.Close()
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	}

	for _, vp := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 800, false},
		{"phone", 390, 844, true},
	} {
		t.Run(vp.name, func(t *testing.T) {
			opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
			if vp.mobile {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
			}
			if err := chromedp.Do(browser, chromedp.EmulateViewport(vp.width, vp.height, opts...)); err != nil {
				fatal(t, "setting the viewport", err)
			}
			resp, err := chromedp.Run(browser, chromedp.NavigateResponse(srv.URL+"/knowledge"))
			if err != nil {
				fatal(t, "opening /knowledge at "+vp.name+" width", err)
			}
			if resp.Status != 200 {
				t.Fatalf("GET /knowledge in the browser = %d; want 200", resp.Status)
			}
			if err := chromedp.Do(browser, chromedp.WaitVisible(chromedp.CSS(".passages"))); err != nil {
				fatal(t, "waiting for the passages", err)
			}
			eval := func(t *testing.T, what, js string) any {
				t.Helper()
				v, err := chromedp.Run(browser, chromedp.Evaluate[any](js))
				if err != nil {
					fatal(t, what, err)
				}
				return v
			}
			if got := eval(t, "the viewport width", `window.innerWidth`); got != float64(vp.width) {
				t.Fatalf("window.innerWidth = %v; want %d", got, vp.width)
			}
			// Nothing wider than the screen: no sideways scrolling, and no
			// passage, title or link sticking out of the page.
			if w := eval(t, "measuring the page", `document.scrollingElement.scrollWidth`); w.(float64) > float64(vp.width) {
				t.Errorf("scrollWidth = %v > %d: the page scrolls sideways", w, vp.width)
			}
			overflow := eval(t, "measuring the passages", `[...document.querySelectorAll("main *")]
				.filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
				.map(e => e.tagName + "." + e.className)`)
			if o := overflow.([]any); len(o) > 0 {
				t.Errorf("elements overflow the %d px page: %v", vp.width, o)
			}
			shown := eval(t, "counting visible passages", `[...document.querySelectorAll(".passage .text")]
				.filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === "visible" })
				.length`)
			if shown != float64(len(kb.Passages)) {
				t.Errorf("%v passages visible; want %d", shown, len(kb.Passages))
			}
			title := eval(t, "reading the hostile title", `document.querySelector("#doc-2 h2").textContent`)
			if want := kb.Docs[1].Title; title != want {
				t.Errorf("title shown as %q; want the literal %q", title, want)
			}
			if n := eval(t, "counting markup from the files", `document.querySelectorAll("script, img, main b, em, x").length`); n != float64(0) {
				t.Errorf("%v elements came from the files' text; want 0", n)
			}

			shot, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
			if err != nil {
				fatal(t, "taking the screenshot", err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatalf("the screenshot is not a PNG: %v", err)
			}
			if w := img.Bounds().Dx(); w != int(vp.width) {
				t.Errorf("screenshot is %d px wide; want %d", w, vp.width)
			}
			path := filepath.Join(dir, fmt.Sprintf("knowledge-%d.png", vp.width))
			if err := os.WriteFile(path, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s (%dx%d)", path, img.Bounds().Dx(), img.Bounds().Dy())
		})
	}
}

// TestClearGapsInBrowser: the gaps page's own form clears the list in a
// real browser, with JavaScript off, and a form on another site, posting
// to the same address from the same browser, cannot.
func TestClearGapsInBrowser(t *testing.T) {
	browser, fatal := startBrowser(t)
	gaps := &fakeGaps{enabled: true, gaps: []bot.Gap{{Question: "Who is the prosecutor?", Count: 5, FirstSeen: day(20), LastSeen: day(27)}}}
	srv := httptest.NewServer(New(Config{Bot: &fakeBot{}, Gaps: gaps}))
	defer srv.Close()
	// The other site: a page on another origin ("localhost" rather than
	// "127.0.0.1") with a form that posts to the bot's /gaps.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><form method="post" action="%s/gaps"><button id="go" type="submit">Win a prize</button></form>`, srv.URL)
	}))
	defer evil.Close()
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)

	if _, err := chromedp.Call(browser, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		fatal(t, "disabling JavaScript", err)
	}
	submit := func(t *testing.T, pageURL, button string) string {
		t.Helper()
		if err := chromedp.Do(browser, chromedp.Navigate(pageURL)); err != nil {
			fatal(t, "opening "+pageURL, err)
		}
		// Click would wait for a missing button until the deadline.
		if found, err := chromedp.Run(browser, chromedp.Evaluate[bool](`document.querySelector(`+strconv.Quote(button)+`) !== null`)); err != nil || !found {
			t.Fatalf("%s has no %s (%v)", pageURL, button, err)
		}
		if _, err := chromedp.Run(browser, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(button)))); err != nil {
			fatal(t, "submitting the form on "+pageURL, err)
		}
		body, err := chromedp.Run(browser, chromedp.Text(chromedp.CSS("body")))
		if err != nil {
			fatal(t, "reading the page", err)
		}
		return body
	}

	if body := submit(t, evilURL+"/", "#go"); !strings.Contains(body, "can only be cleared from the gaps page") {
		t.Errorf("the other site's form got %q; want the refusal", body)
	}
	if n := gaps.clears(); n != 0 {
		t.Fatalf("the other site's form cleared the list (%d clears)", n)
	}
	if body := submit(t, srv.URL+"/gaps", "#clear button"); !strings.Contains(body, "The list was cleared (1 question).") {
		t.Errorf("after clearing, the page reads %q; want the notice", body)
	}
	if n := gaps.clears(); n != 1 {
		t.Errorf("the gaps page's form cleared the list %d times; want 1", n)
	}
}

// startBrowser starts headless Chromium for one test and returns its
// context and a Fatalf that adds Chromium's last output lines. One
// deadline bounds the whole browser: when it passes, Chromium is stopped
// and every pending action returns an error.
//
// In CI (CI set, as .ci/run runs) the test fails when Chromium is
// missing, so CI cannot pass without it; .ci/run installs it first. On a
// developer's fresh machine, where `go test ./...` must pass with nothing
// installed by hand, a missing Chromium skips the test with the command
// that installs it. ICCBOT_SKIP_BROWSER=1 opts out explicitly.
func startBrowser(t *testing.T) (context.Context, func(t *testing.T, step string, err error)) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil && os.Getenv("CI") == "" {
		t.Skipf("Chromium is not at %s; run .ci/install-browser.sh to run the real-browser test (CI always runs it)", chromiumPath)
	}
	if os.Getenv("ICCBOT_SKIP_BROWSER") == "1" {
		t.Skip("ICCBOT_SKIP_BROWSER=1: not running the real-browser test")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("the playground's browser test needs Chromium at %s: %v\nrun .ci/install-browser.sh (or set ICCBOT_SKIP_BROWSER=1 to skip this test locally)", chromiumPath, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	output := &logBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root in a container
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // containers often have a tiny /dev/shm
		chromedp.Flag("hide-scrollbars", true),       // screenshots the same on every machine
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(output),
	)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	fatal := func(t *testing.T, step string, err error) {
		t.Helper()
		t.Fatalf("%s: %v\nChromium's output:\n%s", step, err, lastLines(output.String(), 20))
	}
	return browser, fatal
}

// lastLines returns the last n lines of s, for error messages.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
