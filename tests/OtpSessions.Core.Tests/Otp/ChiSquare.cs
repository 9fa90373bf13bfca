namespace OtpSessions.Core.Tests.Otp;

/// <summary>Pearson's chi-square goodness-of-fit against equal expected counts, and its p-value.</summary>
internal static class ChiSquare
{
    /// <summary>The statistic for <paramref name="observed"/> counts when every bucket is equally likely.</summary>
    public static double Statistic(IReadOnlyList<long> observed)
    {
        var total = observed.Sum();
        var expected = (double)total / observed.Count;
        return observed.Sum(count => (count - expected) * (count - expected) / expected);
    }

    /// <summary>P(X ≥ <paramref name="statistic"/>) for X ~ chi-square with <paramref name="degreesOfFreedom"/>: Q(df/2, x/2).</summary>
    public static double UpperTailProbability(double statistic, int degreesOfFreedom) =>
        RegularizedUpperGamma(degreesOfFreedom / 2.0, statistic / 2.0);

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): the power series below a + 1, Lentz's continued fraction above.</summary>
    private static double RegularizedUpperGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }
        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < 100_000 && Math.Abs(term) > Math.Abs(sum) * 1e-16; n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - (sum * Math.Exp(logPrefix));
        }
        const double Tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 100_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return Math.Exp(logPrefix) * h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error about 1e-15).</summary>
    private static double LogGamma(double x)
    {
        double[] coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }
        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
