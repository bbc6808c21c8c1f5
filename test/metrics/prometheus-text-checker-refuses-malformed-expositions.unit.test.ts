import { expect, it } from "vitest";
import { parsePrometheusText } from "../support/prometheus-text";

// The checker the exposition test relies on must itself refuse what Prometheus refuses.
it("the strict Prometheus text checker refuses malformed expositions and accepts a well-formed one", () => {
  const good = [
    "# HELP a_total A.",
    "# TYPE a_total counter",
    'a_total{x="q\\"uote\\\\"} 1',
    "# TYPE h histogram",
    'h_bucket{le="0.1"} 1',
    'h_bucket{le="+Inf"} 2',
    "h_sum 0.3",
    "h_count 2",
    "",
  ].join("\n");
  expect(parsePrometheusText(good)).toHaveLength(5);
  expect(() => parsePrometheusText("a_total 1\n")).toThrow(/undeclared/);
  expect(() => parsePrometheusText("# TYPE a counter\na{x=\"1\"} one\n")).toThrow(/not a float/);
  expect(() => parsePrometheusText("# TYPE a counter\na{x=1} 1\n")).toThrow(/expected ="/);
  expect(() => parsePrometheusText("# TYPE a counter\na 1\na 2\n")).toThrow(/duplicate/);
  expect(() => parsePrometheusText("# TYPE a counter\na 1")).toThrow(/newline/);
  expect(() => parsePrometheusText('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n')).toThrow(/cumulative/);
  expect(() => parsePrometheusText('# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n')).toThrow(/_count/);
});
