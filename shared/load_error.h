// Errors from loading a data file (policy, form definition): where and what.
#pragma once
#include <string>
#include <vector>

namespace portal {

struct LoadError {
    std::string where;      // JSON path such as "plans[1].targets.P2.hours", or "" for the whole file
    std::string message;    // what is wrong and what to do
    int line = 0;           // for malformed JSON: 1-based line and column, else 0
    int column = 0;
    std::string text() const;
};

// Line and column (1-based) of a byte offset into `text`, counting characters not bytes.
void line_and_column(const std::string& text, std::size_t byte_offset, int& line, int& column);

}  // namespace portal
