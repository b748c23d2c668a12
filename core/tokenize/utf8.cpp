#include "tokenize/utf8.h"

namespace causeway::utf8 {

namespace {

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

} // namespace

DecodedCodePoint decodeAt(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80)
        return {lead, 1, true};

    // The lead byte fixes the length and the allowed range of the second byte; the narrower
    // ranges after E0, ED, F0 and F4 rule out overlongs, surrogates and values past U+10FFFF.
    std::size_t length = 0;
    char32_t codePoint = 0;
    unsigned char secondMin = 0x80, secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        codePoint = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        codePoint = lead & 0x0F;
        if (lead == 0xE0) secondMin = 0xA0;
        if (lead == 0xED) secondMax = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        codePoint = lead & 0x07;
        if (lead == 0xF0) secondMin = 0x90;
        if (lead == 0xF4) secondMax = 0x8F;
    } else {
        return {};
    }

    for (std::size_t i = 1; i < length; ++i) {
        if (pos + i >= text.size())
            return {kReplacementCharacter, i, false};
        const auto byte = static_cast<unsigned char>(text[pos + i]);
        const bool inRange = i == 1 ? (byte >= secondMin && byte <= secondMax) : isContinuation(byte);
        if (!inRange)
            return {kReplacementCharacter, i, false};
        codePoint = (codePoint << 6) | (byte & 0x3F);
    }
    return {codePoint, length, true};
}

void append(std::string& out, char32_t codePoint) {
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

std::string sanitize(std::string_view bytes) {
    if (isValid(bytes))
        return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + 8);
    for (std::size_t pos = 0; pos < bytes.size();) {
        const DecodedCodePoint decoded = decodeAt(bytes, pos);
        if (decoded.valid)
            out.append(bytes.substr(pos, decoded.length));
        else
            append(out, kReplacementCharacter);
        pos += decoded.length;
    }
    return out;
}

bool isValid(std::string_view bytes) {
    for (std::size_t pos = 0; pos < bytes.size();) {
        if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const DecodedCodePoint decoded = decodeAt(bytes, pos);
        if (!decoded.valid)
            return false;
        pos += decoded.length;
    }
    return true;
}

} // namespace causeway::utf8
