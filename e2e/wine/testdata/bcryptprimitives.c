/*
 * A stand-in for Windows' bcryptprimitives.dll, for tests under Wine only.
 *
 * The Go runtime (1.22 and later) takes its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which it loads from system32 at
 * start; Debian 12's Wine 8 has no such DLL, and every Go program dies with
 * "fatal error: bcryptprimitives.dll not found". This one exports
 * ProcessPrng on top of RtlGenRandom (SystemFunction036 in advapi32), which
 * Wine has. The Wine test builds it with mingw-w64 into its throwaway
 * prefix; it is never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	/* RtlGenRandom takes a ULONG length; ProcessPrng a SIZE_T. */
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
