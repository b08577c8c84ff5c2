// SPDX-License-Identifier: MIT
// Links odr_a.cpp and odr_b.cpp; returns 0 when both see the same inline definitions.
int odr_a();
int odr_b();

int main() { return (odr_a() == 7 && odr_b() == 2) ? 0 : 1; }
