// Quotes per second for each plan and impact level, natively.
#include <benchmark/benchmark.h>

#include "../core/fleet_policy.h"
#include "response_deadline.h"

namespace {

const portal::Policy& policy() { return portal::testing::fleet_policy(); }

// One quote per hour of 2027, cycling, so weekends, nights and holidays all appear.
void quote(benchmark::State& state, const char* plan, const char* impact) {
    const portal::BusinessCalendar cal = policy().calendar();
    const portal::Instant start = *portal::parse_rfc3339("2027-01-01T00:00:00Z");
    std::int64_t hour = 0;
    for (auto _ : state) {
        auto r = portal::quote_deadline(policy(), cal, plan, impact, start.plus_seconds(3600 * (hour++ % 8760)));
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(quote, free, "free", "");
BENCHMARK_CAPTURE(quote, premium_P0, "premium", "P0");
BENCHMARK_CAPTURE(quote, premium_P1, "premium", "P1");
BENCHMARK_CAPTURE(quote, premium_P2, "premium", "P2");
BENCHMARK_CAPTURE(quote, premium_P3, "premium", "P3");
BENCHMARK_CAPTURE(quote, ultimate, "ultimate", "P1");

void load_policy(benchmark::State& state) {
    const std::string text = portal::testing::read_asset("policy.json");
    for (auto _ : state) benchmark::DoNotOptimize(portal::load_policy(text));
}
BENCHMARK(load_policy);

}  // namespace

BENCHMARK_MAIN();
