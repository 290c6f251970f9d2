// Package metrics exposes the bot's Prometheus metrics. It keeps its own
// registry (no global state), and its methods satisfy the small observer
// interfaces of the packages that report to it.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"iccbot/internal/feedback"
)

// Metrics holds every series the bot reports.
type Metrics struct {
	reg            *prometheus.Registry
	questions      *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	llmErrors      *prometheus.CounterVec
	llmOverruled   prometheus.Counter
	llmDropped     *prometheus.CounterVec
	reloads        prometheus.Counter
	reloadFailures prometheus.Counter
	documents      prometheus.Gauge
	passages       prometheus.Gauge
	platformUp     *prometheus.GaugeVec
	feedback       *prometheus.CounterVec
	storeFallback  *prometheus.CounterVec
	storeUp        *prometheus.GaugeVec // no labels: absent until a shared store reports
}

// New registers the metrics, plus the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iccbot_questions_total",
			Help: "Questions answered, by platform, answer mode and whether the knowledge covered them.",
		}, []string{"platform", "mode", "answered"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "iccbot_answer_duration_seconds",
			Help:    "Time to answer a question, by platform and mode.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"platform", "mode"}),
		llmErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iccbot_llm_errors_total",
			Help: "LLM calls that failed or gave an unusable answer, by reason.",
		}, []string{"reason"}),
		llmOverruled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iccbot_llm_not_covered_overruled_total",
			Help: "Questions the LLM called not covered that the extractive engine answered with confidence; the engine's answer was given.",
		}),
		llmDropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iccbot_llm_dropped_total",
			Help: "What verification took out of LLM replies, by kind: quote (not in the knowledge), sentence (of the model's own, unsupported by its quotes), translation.",
		}, []string{"kind"}),
		reloads: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iccbot_knowledge_reloads_total",
			Help: "Knowledge loads that succeeded, the first one included.",
		}),
		reloadFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iccbot_knowledge_reload_failures_total",
			Help: "Knowledge loads rejected because of problems; the last good knowledge stayed in use.",
		}),
		documents: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "iccbot_knowledge_documents",
			Help: "Documents in the knowledge in use.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "iccbot_knowledge_passages",
			Help: "Passages in the knowledge in use.",
		}),
		platformUp: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "iccbot_platform_up",
			Help: "1 while the chat platform is connected, 0 while it is not (connecting, failing, or its token rejected).",
		}, []string{"platform"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iccbot_feedback_total",
			Help: "Ratings of answers, by platform and rating (up, down, report); a person's repeated click is not counted again.",
		}, []string{"platform", "rating"}),
		storeFallback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iccbot_store_fallback_total",
			Help: "Calls to the shared store (Redis) answered from in-process state instead, by kind of state (conversations, history, limits, gaps, feedback).",
		}, []string{"kind"}),
		storeUp: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "iccbot_store_up",
			Help: "1 while the shared store (Redis) answers, 0 while state is kept in process instead; absent without a shared store.",
		}, nil),
	}
	m.reg.MustRegister(m.questions, m.latency, m.llmErrors, m.reloads, m.reloadFailures, m.documents, m.passages, m.platformUp,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.reg.MustRegister(m.llmOverruled, m.llmDropped, m.feedback, m.storeFallback, m.storeUp)
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// ObserveAnswer records one answered question.
func (m *Metrics) ObserveAnswer(platform, mode string, answered bool, elapsed time.Duration) {
	m.questions.WithLabelValues(platform, mode, strconv.FormatBool(answered)).Inc()
	m.latency.WithLabelValues(platform, mode).Observe(elapsed.Seconds())
}

// ObserveFeedback records one rating of an answer.
func (m *Metrics) ObserveFeedback(platform string, r feedback.Rating) {
	m.feedback.WithLabelValues(platform, string(r)).Inc()
}

// ObserveReload records one knowledge load.
func (m *Metrics) ObserveReload(ok bool, documents, passages int) {
	if ok {
		m.reloads.Inc()
	} else {
		m.reloadFailures.Inc()
	}
	m.documents.Set(float64(documents))
	m.passages.Set(float64(passages))
}

// ObserveLLMError records an LLM failure; reason is a short fixed word
// (timeout, status_429, bad_output…), never error text.
func (m *Metrics) ObserveLLMError(reason string) {
	m.llmErrors.WithLabelValues(reason).Inc()
}

// ObserveLLMOverruled records a "not covered" from the LLM that the
// extractive engine overruled.
func (m *Metrics) ObserveLLMOverruled() { m.llmOverruled.Inc() }

// ObserveLLMDropped records n things of one kind (quote, sentence,
// translation) that verification took out of an LLM reply.
func (m *Metrics) ObserveLLMDropped(kind string, n int) {
	m.llmDropped.WithLabelValues(kind).Add(float64(n))
}

// ObservePlatform records whether a chat platform is connected; its
// signature fits supervise.NewHealth.
func (m *Metrics) ObservePlatform(platform string, up bool) {
	v := 0.0
	if up {
		v = 1
	}
	m.platformUp.WithLabelValues(platform).Set(v)
}

// ObserveStoreFallback records one call to the shared store answered from
// in-process state instead; kind is the kind of state (conversations,
// history, limits, gaps, feedback).
func (m *Metrics) ObserveStoreFallback(kind string) {
	m.storeFallback.WithLabelValues(kind).Inc()
}

// ObserveStoreUp records whether the shared store answers.
func (m *Metrics) ObserveStoreUp(up bool) {
	v := 0.0
	if up {
		v = 1
	}
	m.storeUp.WithLabelValues().Set(v)
}
