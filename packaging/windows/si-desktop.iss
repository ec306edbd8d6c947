; Inno Setup script for si-desktop: a per-user installer (no administrator rights) with a
; Start-menu entry and an uninstaller. Needs Inno Setup 6.3 or later and the one-folder bundle
; from packaging/si-desktop.spec in dist\si-desktop. From the repository root:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\si-desktop.iss
;
; writes dist\si-desktop-0.1.0-windows-x64-setup.exe. Relative paths below are relative to
; this file. Keep AppId unchanged forever: it is how an installer finds the installation it
; upgrades. Uninstalling leaves the user's data folder (%LOCALAPPDATA%\si-desktop) and the API
; keys in Windows Credential Manager in place.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "si-desktop"
#define AppExeName "si-desktop.exe"
#define AppUserModelId "io.github.sidesktop.SiDesktop"

[Setup]
AppId={{1BA69606-5418-4B2D-BD6A-8195A8FEED0D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The si-desktop developers
AppCopyright=MIT licence, the si-desktop developers
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile=..\icons\si-desktop.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=si-desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "slovenian"; MessagesFile: "compiler:Languages\Slovenian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\si-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version's bundle replaces the old one entirely: no stale modules from an older build.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; AppUserModelID: "{#AppUserModelId}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; AppUserModelID: "{#AppUserModelId}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
