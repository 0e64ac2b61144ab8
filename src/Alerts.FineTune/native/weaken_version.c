/* Marks one version requirement of an ELF64 shared object weak (VER_FLG_WEAK), so the dynamic linker loads it
   although libstdc++ lacks that version node; the one symbol needing it then binds to ios_init_shim.so. */
#include <elf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: weaken_version FILE VERSION\n"); return 2; }
    FILE *f = fopen(argv[1], "r+b");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(size);
    if (fread(b, 1, size, f) != (size_t)size) { perror("read"); return 1; }
    Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
    Elf64_Shdr *sh = (Elf64_Shdr *)(b + eh->e_shoff);
    int changed = 0;
    for (int i = 0; i < eh->e_shnum; i++)
    {
        if (sh[i].sh_type != SHT_GNU_verneed) continue;
        const char *strtab = (const char *)(b + sh[sh[i].sh_link].sh_offset);
        unsigned long off = sh[i].sh_offset;
        for (;;)
        {
            Elf64_Verneed *vn = (Elf64_Verneed *)(b + off);
            unsigned long aoff = off + vn->vn_aux;
            for (int a = 0; a < vn->vn_cnt; a++)
            {
                Elf64_Vernaux *va = (Elf64_Vernaux *)(b + aoff);
                if (strcmp(strtab + va->vna_name, argv[2]) == 0 && !(va->vna_flags & VER_FLG_WEAK))
                {
                    va->vna_flags |= VER_FLG_WEAK;
                    fseek(f, (long)(aoff + offsetof(Elf64_Vernaux, vna_flags)), SEEK_SET);
                    fwrite(&va->vna_flags, sizeof va->vna_flags, 1, f);
                    changed++;
                }
                aoff += va->vna_next;
            }
            if (!vn->vn_next) break;
            off += vn->vn_next;
        }
    }
    fclose(f);
    printf("%s: %d requirement(s) of %s made weak\n", argv[1], changed, argv[2]);
    return 0;
}
