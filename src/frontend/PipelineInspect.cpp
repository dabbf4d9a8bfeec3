// Pipeline's inspection functions: the loop nest summary, the lowered Stmt as text or
// HTML, LLVM IR and native assembly. See weft/Pipeline.h.

#include "Error.h"
#include "codegen/CodeGen.h"
#include "frontend/PipelineInternal.h"
#include "frontend/Wrappers.h"
#include "lower/PrintLoopNest.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace weft {

using namespace internal;

namespace internal {

namespace {

std::string escape_html(const std::string &s) {
    std::string r;
    for (char c : s) {
        switch (c) {
        case '<':
            r += "&lt;";
            break;
        case '>':
            r += "&gt;";
            break;
        case '&':
            r += "&amp;";
            break;
        case '"':
            r += "&quot;";
            break;
        default:
            r += c;
        }
    }
    return r;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

void write_file(const std::string &path, const std::string &text, const char *what) {
    std::ofstream f(path, std::ios::binary);
    if (!f) {
        user_error << what << ": cannot open \"" << path << "\" for writing";
    }
    f << text;
    if (!f) {
        user_error << what << ": cannot write \"" << path << "\"";
    }
}

} // namespace

std::string stmt_to_html(const std::string &title, const std::string &text) {
    static const char *keywords[] = {"produce",    "consume",  "for",      "parallel",
                                     "vectorized", "unrolled", "allocate", "free",
                                     "if",         "else",     "let",      "assert"};
    const std::string escaped = escape_html(text);
    std::string body;
    for (size_t i = 0; i < escaped.size();) {
        bool matched = false;
        if (i == 0 || !is_word_char(escaped[i - 1])) {
            for (const char *k : keywords) {
                const size_t n = std::strlen(k);
                if (escaped.compare(i, n, k) == 0 &&
                    (i + n == escaped.size() || !is_word_char(escaped[i + n]))) {
                    body += "<span class=\"kw\">" + std::string(k) + "</span>";
                    i += n;
                    matched = true;
                    break;
                }
            }
        }
        if (!matched) {
            body += escaped[i++];
        }
    }
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape_html(title) +
           "</title>\n<style>body{font-family:monospace}.kw{color:#a0f;font-weight:bold}"
           "</style></head>\n<body><pre>\n" +
           body + "</pre></body></html>\n";
}

} // namespace internal

void Pipeline::compile_to_lowered_stmt(const std::string &path, StmtOutputFormat format,
                                       const Target &target) {
    LoweredPipeline p = lower_pipeline(outputs(), target);
    std::ostringstream text;
    text << "// weft_" << p.name << "(";
    for (size_t i = 0; i < p.arguments.size(); i++) {
        const LoweredArgument &a = p.arguments[i];
        text << (i ? ", " : "") << (a.is_buffer ? "buffer " : "") << to_string(a.type) << " "
             << a.name;
    }
    text << ")\n" << p.body << "\n";
    write_file(path, format == HTML ? stmt_to_html("weft_" + p.name, text.str()) : text.str(),
               "compile_to_lowered_stmt");
}

void Pipeline::compile_to_llvm_assembly(const std::string &path, const Target &target) {
    LoweredPipeline p = lower_pipeline(outputs(), target);
    write_file(path, compile_to_llvm_assembly_text(p), "compile_to_llvm_assembly");
}

void Pipeline::compile_to_assembly(const std::string &path, const Target &target) {
    LoweredPipeline p = lower_pipeline(outputs(), target);
    write_file(path, compile_to_native_assembly_text(p), "compile_to_assembly");
}

void Pipeline::compile_to_ptx(const std::string &path, const Target &target) {
    LoweredPipeline p = lower_pipeline(outputs(), target);
    write_file(path, compile_to_ptx_text(p), "compile_to_ptx");
}

std::string Pipeline::loop_nest_string() const {
    std::vector<internal::Function> functions;
    for (const Func &f : outputs()) {
        functions.push_back(f.function());
    }
    return internal::print_loop_nest(internal::apply_wrappers(functions), get_host_target());
}

void Pipeline::print_loop_nest() {
    const std::string s = loop_nest_string();
    std::fputs(s.c_str(), stdout);
    std::fflush(stdout);
}

} // namespace weft
