# Mamori: the machine's patch level from the Windows Update Agent, as one line of JSON (schema 1).
# Run by the agent (LocalSystem) with: powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File windows-update.ps1
# time-boxed by the agent. It searches the updates already known to the machine (Online = $false:
# no download, no contact with Windows Update), so it is quick and changes nothing.
# Win32_QuickFixEngineering alone is not used: it misses cumulative updates.
$ErrorActionPreference = 'Stop'
$result = [ordered]@{ schema = 1; osBuild = $null; rebootRequired = $null; lastSuccessfulInstallAt = $null; updates = @(); error = $null }
try {
    $cv = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $result.osBuild = '10.0.{0}.{1}' -f $cv.CurrentBuildNumber, $cv.UBR
    $result.rebootRequired = (New-Object -ComObject 'Microsoft.Update.SystemInfo').RebootRequired
    $session = New-Object -ComObject 'Microsoft.Update.Session'
    $session.ClientApplicationID = 'Mamori'
    $searcher = $session.CreateUpdateSearcher()
    $searcher.Online = $false
    $found = $searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")
    foreach ($u in $found.Updates) {
        $classification = ($u.Categories | Where-Object { $_.Type -eq 'UpdateClassification' } | Select-Object -First 1).Name
        $result.updates += [ordered]@{
            title = $u.Title
            kb = @($u.KBArticleIDs)
            classification = $classification
            msrcSeverity = $u.MsrcSeverity
        }
    }
    $count = $searcher.GetTotalHistoryCount()
    if ($count -gt 0) {
        # resultCode 2 = succeeded, operation 1 = installation; newest first
        $last = $searcher.QueryHistory(0, [Math]::Min($count, 200)) |
            Where-Object { $_.Operation -eq 1 -and $_.ResultCode -eq 2 } | Select-Object -First 1
        if ($last) { $result.lastSuccessfulInstallAt = $last.Date.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') }
    }
} catch {
    $result.error = ('{0}: {1}' -f $_.Exception.HResult, $_.Exception.Message)
}
$result | ConvertTo-Json -Depth 4 -Compress
