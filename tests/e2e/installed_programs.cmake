# Installs the build into a scratch root (DESTDIR, prefix /usr, as the Debian packages lay it out) and
# runs the installed programs as a user would. DESTDIR keeps the files with absolute destinations
# (/etc, /lib/systemd) inside the scratch root too.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E env "DESTDIR=${PREFIX}"
                        "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix /usr
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${rc}): ${err}")
endif()

foreach(file usr/bin/assay usr/bin/assay-server usr/share/applications/org.assay.Assay.desktop
        usr/share/metainfo/org.assay.Assay.metainfo.xml usr/share/mime/packages/assay.xml
        usr/share/icons/hicolor/scalable/apps/assay.svg lib/systemd/system/assay-server.service
        usr/lib/sysusers.d/assay-server.conf etc/assay-server.conf etc/default/assay-server)
    if(NOT EXISTS "${PREFIX}/${file}")
        message(FATAL_ERROR "the install tree has no ${file}")
    endif()
endforeach()
set(PREFIX "${PREFIX}/usr")

function(expect_output expected)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "'${ARGN}' exited with ${rc}: ${err}")
    endif()
    string(FIND "${out}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "'${ARGN}' printed:\n${out}\nwhich lacks: ${expected}")
    endif()
endfunction()

expect_output("assay-server ${VERSION}" "${PREFIX}/bin/assay-server" --version)
expect_output("assay ${VERSION}" "${PREFIX}/bin/assay" --version)
expect_output("LLM-Ausgaben anhand einer kurzen Bewertungsvorlage"
              "${CMAKE_COMMAND}" -E env LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "${PREFIX}/bin/assay" --help)
expect_output("review LLM outputs against a short rubric"
              "${CMAKE_COMMAND}" -E env LC_ALL=C.UTF-8 LANG=C.UTF-8 "${PREFIX}/bin/assay" --help)
