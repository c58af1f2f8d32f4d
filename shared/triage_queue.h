// The support engineers' queue order (issue 7): escalated first, then breached,
// then by time left to the active deadline (first response or next reply), then
// issues without a running clock (Free, or answered) by age, oldest first.
#pragma once
#include <optional>
#include <vector>

#include "civil_time.h"

namespace portal {

struct QueueEntry {
    int id = 0;
    bool escalated = false;
    std::optional<Instant> escalated_at;
    std::optional<Instant> active_deadline;   // next reply if running, else a pending first response
    Instant created;
};

enum class QueueGroup { Escalated = 0, Breached = 1, Running = 2, NoClock = 3 };

QueueGroup queue_group(const QueueEntry& e, Instant now);
bool queue_before(const QueueEntry& a, const QueueEntry& b, Instant now);
void sort_queue(std::vector<QueueEntry>& entries, Instant now);

}  // namespace portal
