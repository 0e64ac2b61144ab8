// libLibTorchSharp.so (TorchSharp 0.107.0) was built with GCC 13, which calls std::ios_base_library_init()
// (GLIBCXX_3.4.32) to set up iostreams; Debian 12's libstdc++ (GCC 12) predates it and sets them up with a
// static std::ios_base::Init instead. This shim gives the symbol under that version and does the same.
#include <ios>

namespace std
{
    void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
