# Compiler settings shared by every target of ours: warnings, sanitizers, ccache.

find_program(ASSAY_CCACHE ccache)
if(ASSAY_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${ASSAY_CCACHE})
endif()

option(ASSAY_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ASSAY_WERROR "Treat warnings in our code as errors" OFF)

# Applied per target (not globally) so third-party code such as GoogleTest is not held to our flags.
function(assay_set_compile_options target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual)
    if(ASSAY_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    # Qt strings: no implicit const char* <-> QString conversions, no Q_FOREACH.
    target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII
                                                 QT_NO_URL_CAST_FROM_STRING QT_NO_FOREACH
                                                 QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
endfunction()

if(ASSAY_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzing builds instrument all of our code for coverage; the fuzz targets add libFuzzer's main.
if(ASSAY_BUILD_FUZZERS)
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

# Release builds (what the Debian packages ship) get Debian's hardening: fortified libc calls, stack
# protection, and a read-only relocation table resolved at start (lintian's hardening checks).
if(NOT ASSAY_SANITIZE AND NOT ASSAY_BUILD_FUZZERS)
    add_compile_options($<$<CONFIG:Release>:-D_FORTIFY_SOURCE=2> $<$<CONFIG:Release>:-fstack-protector-strong>)
    add_link_options($<$<CONFIG:Release>:LINKER:-z,relro,-z,now>)
endif()
