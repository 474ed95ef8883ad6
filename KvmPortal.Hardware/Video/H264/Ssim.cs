namespace KvmPortal.Hardware.Video.H264;

/// <summary>Structural similarity of two 8-bit planes (8x8 windows, step 4; constants of Wang et al. 2004), for the benchmark.</summary>
public static class Ssim
{
    private const double C1 = 6.5025; // (0.01 * 255)^2
    private const double C2 = 58.5225; // (0.03 * 255)^2

    /// <summary>Mean SSIM over all windows.</summary>
    /// <returns>1 for identical planes.</returns>
    public static double Plane(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
    {
        double sum = 0;
        int windows = 0;
        for (int y = 0; y + 8 <= height; y += 4)
        {
            for (int x = 0; x + 8 <= width; x += 4)
            {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int j = 0; j < 8; j++)
                {
                    int row = ((y + j) * width) + x;
                    for (int i = 0; i < 8; i++)
                    {
                        double va = a[row + i], vb = b[row + i];
                        sa += va;
                        sb += vb;
                        saa += va * va;
                        sbb += vb * vb;
                        sab += va * vb;
                    }
                }

                double ma = sa / 64, mb = sb / 64;
                double va2 = (saa / 64) - (ma * ma), vb2 = (sbb / 64) - (mb * mb), cov = (sab / 64) - (ma * mb);
                sum += ((2 * ma * mb) + C1) * ((2 * cov) + C2) / (((ma * ma) + (mb * mb) + C1) * (va2 + vb2 + C2));
                windows++;
            }
        }

        return windows == 0 ? 1 : sum / windows;
    }
}
