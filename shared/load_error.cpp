#include "load_error.h"

namespace portal {

std::string LoadError::text() const {
    std::string out;
    if (line > 0) out += "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
    if (!where.empty()) out += where + ": ";
    return out + message;
}

void line_and_column(const std::string& text, std::size_t byte_offset, int& line, int& column) {
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') { ++line; column = 1; }
        else if ((c & 0xC0) != 0x80) ++column;   // continuation bytes do not start a character
    }
}

}  // namespace portal
