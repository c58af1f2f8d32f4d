#include "triage_queue.h"

#include <algorithm>
#include <tuple>

#include "response_deadline.h"

namespace portal {

QueueGroup queue_group(const QueueEntry& e, Instant now) {
    if (e.escalated) return QueueGroup::Escalated;
    if (!e.active_deadline) return QueueGroup::NoClock;
    // Breached once a reply now would come too late: the one rule of SPEC §3.
    return meets_deadline(*e.active_deadline, now) ? QueueGroup::Running : QueueGroup::Breached;
}

bool queue_before(const QueueEntry& a, const QueueEntry& b, Instant now) {
    const QueueGroup ga = queue_group(a, now), gb = queue_group(b, now);
    if (ga != gb) return ga < gb;
    // Within a group: the earliest deadline (most overdue, least time left) first;
    // escalations by deadline, else by when they were escalated; no clock: oldest first.
    const auto key = [&](const QueueEntry& e) {
        const Instant when = e.active_deadline ? *e.active_deadline
                             : e.escalated_at  ? *e.escalated_at
                                               : e.created;
        return std::make_tuple(!e.active_deadline && ga == QueueGroup::Escalated, when.unix_seconds, e.created.unix_seconds, e.id);
    };
    return key(a) < key(b);
}

void sort_queue(std::vector<QueueEntry>& entries, Instant now) {
    std::stable_sort(entries.begin(), entries.end(),
                     [now](const QueueEntry& a, const QueueEntry& b) { return queue_before(a, b, now); });
}

}  // namespace portal
