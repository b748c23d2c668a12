# Writes a man page from a program's --help text, so the two never disagree.
#   cmake -DPROGRAM=path -DNAME=causeway-cli -DSUMMARY="..." -DVERSION=0.1.0 -DOUTPUT=file.1 -P man-from-help.cmake
# The help text goes in verbatim (no fill): it is already laid out for a terminal.
execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen "${PROGRAM}" --help
                OUTPUT_VARIABLE help RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 0 OR help STREQUAL "")
  message(FATAL_ERROR "${PROGRAM} --help failed (${status}); cannot write its man page")
endif()
# troff: a backslash is written \e, and lines starting with . or ' need a zero-width escape.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(TIMESTAMP today "%Y-%m-%d" UTC)
string(TOUPPER "${NAME}" upper)
file(WRITE "${OUTPUT}" ".TH ${upper} 1 \"${today}\" \"Causeway ${VERSION}\" \"User Commands\"
.SH NAME
${NAME} \\- ${SUMMARY}
.SH DESCRIPTION
.nf
${help}.fi
.SH FILES
.TP
.I /usr/share/causeway/models/causeway-demo
the bundled demo model (\"demo\")
.TP
.I /usr/share/causeway/experiments
example experiments
.SH SEE ALSO
.BR causeway (1),
.BR causeway-cli (1);
the user guide in /usr/share/doc/causeway/user-guide.md
")
