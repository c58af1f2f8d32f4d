#include "triage_queue.h"

#include <gtest/gtest.h>

#include "fleet_policy.h"

namespace portal {
namespace {

using testing::at;

QueueEntry entry(int id, bool escalated, const char* deadline, const char* created) {
    QueueEntry e;
    e.id = id;
    e.escalated = escalated;
    if (*deadline) e.active_deadline = at(deadline);
    e.created = at(created);
    if (escalated) e.escalated_at = e.created;
    return e;
}

TEST(TriageQueue, EscalatedThenBreachedThenTimeLeftThenNoClockByAge) {
    const Instant now = at("2027-03-15T18:00:00Z");
    std::vector<QueueEntry> q = {
        entry(1, false, "", "2027-03-01T10:00:00Z"),                      // Free, old
        entry(2, false, "2027-03-15T20:00:00Z", "2027-03-15T16:00:00Z"),  // 2 h left
        entry(3, false, "2027-03-15T17:00:00Z", "2027-03-15T13:00:00Z"),  // breached by 1 h
        entry(4, true, "2027-03-16T20:00:00Z", "2027-03-15T17:00:00Z"),   // escalated, far deadline
        entry(5, false, "2027-03-15T18:30:00Z", "2027-03-15T14:30:00Z"),  // 30 min left
        entry(6, false, "", "2027-02-01T10:00:00Z"),                      // no clock, older
        entry(7, false, "2027-03-15T12:00:00Z", "2027-03-15T08:00:00Z"),  // breached by 6 h
        entry(8, false, "2027-03-15T18:00:00Z", "2027-03-15T14:00:00Z"),  // due this second: a reply now is on time
    };
    sort_queue(q, now);
    std::vector<int> order;
    for (const QueueEntry& e : q) order.push_back(e.id);
    EXPECT_EQ(order, (std::vector<int>{4, 7, 3, 8, 5, 2, 6, 1}));
    EXPECT_EQ(queue_group(q[0], now), QueueGroup::Escalated);
    EXPECT_EQ(queue_group(q[3], now), QueueGroup::Running) << "a reply at the very second of the deadline meets it";
    EXPECT_EQ(queue_group(q[7], now), QueueGroup::NoClock);
}

TEST(TriageQueue, OrderMovesAsTimePasses) {
    std::vector<QueueEntry> q = {entry(1, false, "2027-03-15T19:00:00Z", "2027-03-15T15:00:00Z"),
                                 entry(2, false, "", "2027-03-01T10:00:00Z")};
    EXPECT_EQ(queue_group(q[0], at("2027-03-15T18:59:59Z")), QueueGroup::Running);
    EXPECT_EQ(queue_group(q[0], at("2027-03-15T19:00:00Z")), QueueGroup::Running);
    EXPECT_EQ(queue_group(q[0], at("2027-03-15T19:00:01Z")), QueueGroup::Breached);
}

}  // namespace
}  // namespace portal
