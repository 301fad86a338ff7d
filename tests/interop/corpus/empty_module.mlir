// An empty file body still makes an (implicit) module.
